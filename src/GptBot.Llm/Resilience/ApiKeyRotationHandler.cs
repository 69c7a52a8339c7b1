using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace GptBot.Llm.Resilience;

/// <summary>
/// Sets <c>Authorization: Bearer</c> per request from the <see cref="ApiKeyPool"/>. A key answered with 401, 402 or a
/// quota-exhausted 429 is rested and the same request is sent at once with the next key; the chat sees the
/// provider's error only when every key has been refused. Plain rate limiting (429 without a quota code) is left to
/// the retry layer, which honours Retry-After. Sits inside <see cref="LlmResilienceHandler"/>.
/// </summary>
public sealed partial class ApiKeyRotationHandler(ApiKeyPool keys, ILogger<ApiKeyRotationHandler> logger) : DelegatingHandler
{
    private static readonly HttpRequestOptionsKey<bool> ExhaustedKey = new("GptBot.ApiKeysExhausted");

    /// <summary>True when the response is the last key's refusal: retrying it later in this request is pointless.</summary>
    public static bool KeysExhausted(HttpResponseMessage response) =>
        response.RequestMessage?.Options.TryGetValue(ExhaustedKey, out var exhausted) == true && exhausted;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        for (var tried = 1; ; tried++)
        {
            var (index, key) = keys.Current();
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            var response = await base.SendAsync(request, cancellationToken);
            if (!await IsKeyRefusedAsync(response, cancellationToken))
            {
                return response;
            }

            var another = keys.Rest(index);
            LogKeyRested(logger, keys.Fingerprint(index), (int)response.StatusCode, another);
            if (!another || tried >= keys.Count)
            {
                request.Options.Set(ExhaustedKey, true);
                return response;
            }

            response.Dispose();
        }
    }

    /// <summary>401 (bad key), 402 (unpaid), or 429 whose body names a quota or billing problem rather than a rate.</summary>
    private static async Task<bool> IsKeyRefusedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        switch (response.StatusCode)
        {
            case HttpStatusCode.Unauthorized or HttpStatusCode.PaymentRequired:
                return true;
            case HttpStatusCode.TooManyRequests:
                // Only the start of the body is read, and kept as the body for the error text further up.
                var body = await BoundedBody.BufferAsync(response, cancellationToken);
                return body.Contains("insufficient_quota", StringComparison.OrdinalIgnoreCase)
                    || body.Contains("quota", StringComparison.OrdinalIgnoreCase)
                    || body.Contains("billing", StringComparison.OrdinalIgnoreCase)
                    || body.Contains("balance", StringComparison.OrdinalIgnoreCase);
            default:
                return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "API key {Key} was refused with HTTP {Status}; resting it (another key available: {Another})")]
    private static partial void LogKeyRested(ILogger logger, string key, int status, bool another);
}
