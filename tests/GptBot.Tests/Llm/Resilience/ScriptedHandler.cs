using System.Net;
using System.Threading.Channels;

namespace GptBot.Tests.Llm.Resilience;

/// <summary>The socket end of a handler chain in unit tests: answers each attempt from a script and records it.</summary>
internal sealed class ScriptedHandler(Func<HttpRequestMessage, int, HttpResponseMessage> answer) : HttpMessageHandler
{
    private readonly Channel<HttpRequestMessage> _attempts = Channel.CreateUnbounded<HttpRequestMessage>();
    private int _count;

    public int Count => _count;

    public List<string?> Authorizations { get; } = [];

    public async Task WaitForAttemptAsync(int number)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (Volatile.Read(ref _count) < number)
        {
            await _attempts.Reader.ReadAsync(timeout.Token);
        }
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (Authorizations)
        {
            Authorizations.Add(request.Headers.Authorization?.Parameter);
        }

        var number = Interlocked.Increment(ref _count);
        _attempts.Writer.TryWrite(request);
        var response = answer(request, number);
        response.RequestMessage = request;
        return Task.FromResult(response);
    }

    public static HttpResponseMessage Status(HttpStatusCode status, string body = "{}") => new(status) { Content = new StringContent(body) };
}
