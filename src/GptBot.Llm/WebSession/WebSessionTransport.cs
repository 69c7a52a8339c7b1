namespace GptBot.Llm.WebSession;

/// <summary>The web backend's own HttpClient (cookies off, GPT_PROXY), shared by its two endpoints.</summary>
internal sealed class WebSessionTransport(HttpClient client) : IDisposable
{
    public HttpClient Client => client;

    public void Dispose() => client.Dispose();
}
