namespace GptBot.Llm.Resilience;

/// <summary>Reads a <c>Retry-After</c> header, in either of its forms (seconds, or an HTTP date).</summary>
internal static class RetryAfter
{
    public static TimeSpan? From(HttpResponseMessage? response, TimeProvider timeProvider) => response?.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
        { Date: { } date } => Max(date - timeProvider.GetUtcNow(), TimeSpan.Zero),
        _ => FromRateLimitHeader(response),
    };

    /// <summary>Some OpenAI-compatible servers send only <c>retry-after-ms</c>.</summary>
    private static TimeSpan? FromRateLimitHeader(HttpResponseMessage? response) =>
        response is not null && response.Headers.TryGetValues("retry-after-ms", out var values)
            && double.TryParse(values.FirstOrDefault(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var ms) && ms >= 0
            ? TimeSpan.FromMilliseconds(ms)
            : null;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
