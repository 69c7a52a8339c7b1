using System.Net;
using GptBot.Chat.Ports;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace GptBot.Llm.Resilience;

/// <summary>
/// Retry and circuit breaker for any HttpMessageHandler-based LLM backend. A retry happens only before a response is
/// handed up (429, 408, 5xx, or a connection failure before any answer): once a 200 is returned its body streams to
/// the caller and is never replayed, so an answer is never sent twice. Every wait honours <c>Retry-After</c> and stays
/// inside the request's budget (GPT_TIMEOUT) and the caller's token. The breaker sits outside the retries and judges
/// whole requests and the chats they came from (<see cref="RequestCircuitBreaker"/>, <see cref="LlmRequestSource"/>);
/// while it is open a request fails at once with <see cref="ChatFailureKind.CircuitOpen"/> instead of waiting for a
/// provider that is down.
/// </summary>
public sealed partial class LlmResilienceHandler : DelegatingHandler
{
    private readonly LlmResilienceOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly RequestCircuitBreaker? _breaker;

    /// <param name="metrics">Counts the retries and watches the breaker; none in tests that do not look.</param>
    public LlmResilienceHandler(LlmResilienceOptions options, TimeProvider timeProvider, ILogger<LlmResilienceHandler> logger, LlmMetrics? metrics = null)
    {
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider };
        if (options.RetryCount > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.RetryCount,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter.From(args.Outcome.Result, _timeProvider)),
                OnRetry = args =>
                {
                    metrics?.Retry();
                    LogRetry(_logger, Describe(args.Outcome), args.AttemptNumber + 1, _options.RetryCount, args.RetryDelay.TotalSeconds);
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            });
        }

        if (options.CircuitBreakDuration > TimeSpan.Zero)
        {
            _breaker = new RequestCircuitBreaker(options, timeProvider);
            metrics?.Circuit.Watch(_breaker);
        }

        _pipeline = builder.Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null)
        {
            // A retry sends the body again: buffer it once so every attempt sends the same bytes.
            await request.Content.LoadIntoBufferAsync(cancellationToken);
        }

        var permit = _breaker?.Enter() ?? CircuitPermit.Pass;
        if (permit == CircuitPermit.Refuse)
        {
            throw new ChatBackendException(ChatFailureKind.CircuitOpen, "the LLM circuit is open (the provider failed repeatedly); not calling it for now");
        }

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(StartedKey, _timeProvider.GetTimestamp());
        Outcome<HttpResponseMessage>? outcome = null;
        try
        {
            outcome = await _pipeline.ExecuteOutcomeAsync(
                static async (ctx, state) =>
                {
                    try
                    {
                        return Outcome.FromResult(await state.Handler.SendCoreAsync(state.Request, ctx.CancellationToken));
                    }
                    catch (Exception ex)
                    {
                        return Outcome.FromException<HttpResponseMessage>(ex);
                    }
                },
                context,
                (Handler: this, Request: request));
            outcome.Value.ThrowIfException();
            return outcome.Value.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
            if (_breaker is not null)
            {
                // Whatever ended the request, the breaker hears of it once, so a probe never stays out for good.
                Judge(_breaker, outcome, LlmRequestSource.Of(request), permit);
            }
        }
    }

    private void Judge(RequestCircuitBreaker breaker, Outcome<HttpResponseMessage>? outcome, string? chat, CircuitPermit permit)
    {
        var failed = outcome is not { } known || IsProviderFailure(known);
        switch (breaker.Record(failed, chat, permit))
        {
            case CircuitChange.Opened:
                LogCircuitOpened(_logger, breaker.BreakDuration.TotalSeconds, outcome is { } opened ? Describe(opened) : "no outcome");
                break;
            case CircuitChange.Reopened:
                LogCircuitStillOpen(_logger, breaker.BreakDuration.TotalSeconds, outcome is { } reopened ? Describe(reopened) : "no outcome");
                break;
            case CircuitChange.Closed:
                LogCircuitClosed(_logger);
                break;
        }
    }

    private static readonly ResiliencePropertyKey<long> StartedKey = new("GptBot.LlmRequestStarted");

    private Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);

    private bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
    {
        if (context.CancellationToken.IsCancellationRequested || !IsTransient(outcome))
        {
            return false;
        }

        // Honour Retry-After, but never wait past the request's budget: answering "429" now beats "请求超时" later.
        var wait = RetryAfter.From(outcome.Result, _timeProvider) ?? _options.RetryBaseDelay;
        var elapsed = context.Properties.TryGetValue(StartedKey, out var started) ? _timeProvider.GetElapsedTime(started) : TimeSpan.Zero;
        if (elapsed + wait >= _options.Budget)
        {
            LogNoRetryPastBudget(_logger, Describe(outcome), wait.TotalSeconds, _options.Budget.TotalSeconds);
            return false;
        }

        return true;
    }

    /// <summary>Worth another attempt: rate limited, a server-side failure, or no answer at all.</summary>
    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException { StatusCode: null } } => true,
        { Exception: not null } => false,
        { Result: { } response } => !ApiKeyRotationHandler.KeysExhausted(response)
            && response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)response.StatusCode >= 500,
        _ => false,
    };

    /// <summary>
    /// Counts toward opening the circuit: the provider failing, or not even sending headers before the chat's
    /// GPT_TIMEOUT cancelled the call (a hung provider). A stream cancelled later is past this handler and not counted.
    /// </summary>
    private static bool IsProviderFailure(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or OperationCanceledException } => true,
        { Exception: not null } => false,
        { Result: { } response } => (int)response.StatusCode >= 500,
        _ => false,
    };

    private static string Describe(Outcome<HttpResponseMessage> outcome) => outcome.Result is { } response
        ? $"HTTP {(int)response.StatusCode}"
        : outcome.Exception?.GetType().Name + ": " + outcome.Exception?.Message;

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM request failed ({Failure}); retry {Attempt} of {Max} in {Seconds:0.##} s")]
    private static partial void LogRetry(ILogger logger, string failure, int attempt, int max, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM request failed ({Failure}); not retrying: a wait of {Seconds:0.##} s would pass the {Budget} s budget (GPT_TIMEOUT)")]
    private static partial void LogNoRetryPastBudget(ILogger logger, string failure, double seconds, double budget);

    [LoggerMessage(Level = LogLevel.Error, Message = "The LLM provider keeps failing for several chats (last: {Failure}); answering chats at once with an 'unavailable' text for {Seconds} s (GPT_CIRCUIT_BREAK_SECONDS)")]
    private static partial void LogCircuitOpened(ILogger logger, double seconds, string failure);

    [LoggerMessage(Level = LogLevel.Error, Message = "The LLM provider still fails after the break (probe: {Failure}); circuit open for another {Seconds} s")]
    private static partial void LogCircuitStillOpen(ILogger logger, double seconds, string failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "The LLM provider answers again; circuit closed")]
    private static partial void LogCircuitClosed(ILogger logger);
}
