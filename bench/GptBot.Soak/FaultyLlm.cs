using GptBot.Testing;

namespace GptBot.Soak;

/// <summary>
/// The fake LLM with injected faults, drawn per HTTP attempt: 4% 429 with Retry-After: 1, 4% 500, 3% a stream cut
/// after its first line; the rest stream a three-line answer that names the prompt, so the soak can match replies.
/// </summary>
internal sealed class FaultyLlm
{
    private long _attempts;
    private long _rateLimited;
    private long _serverErrors;
    private long _cuts;

    public long Attempts => Interlocked.Read(ref _attempts);

    public string Faults => $"429: {Interlocked.Read(ref _rateLimited)}, 500: {Interlocked.Read(ref _serverErrors)}, cut streams: {Interlocked.Read(ref _cuts)}";

    public void Install(FakeLlmServer server)
    {
        server.DefaultAnswer = request =>
        {
            var prompt = request.LastUserContent[(request.LastUserContent.LastIndexOf(' ') + 1)..];
            return $"first line of {prompt}\nsecond line of {prompt}\ndone {prompt}";
        };
        server.ChunkSize = 16;
        server.ChunkDelay = TimeSpan.FromMilliseconds(10);
        server.Faults = _ => Draw();
    }

    private LlmFault Draw()
    {
        Interlocked.Increment(ref _attempts);
        switch (Random.Shared.Next(100))
        {
            case < 4:
                Interlocked.Increment(ref _rateLimited);
                return LlmFault.RateLimited;
            case < 8:
                Interlocked.Increment(ref _serverErrors);
                return LlmFault.ServerError;
            case < 11:
                Interlocked.Increment(ref _cuts);
                return LlmFault.CutStream;
            default:
                return LlmFault.None;
        }
    }
}
