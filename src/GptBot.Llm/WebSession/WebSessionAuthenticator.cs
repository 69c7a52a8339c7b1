using GptBot.Chat.Ports;
using Microsoft.Extensions.Logging;

namespace GptBot.Llm.WebSession;

/// <summary>An access token and the refresh generation it came from (to tell "already refreshed since" from "still stale").</summary>
internal readonly record struct AccessCredential(string? Token, long Generation);

/// <summary>
/// Owns the web session: the access token sent with conversations and the session cookie that renews it. Refreshes
/// are single-flight: every caller that finds the token expired while a refresh is running joins that refresh, and a
/// caller whose token was already replaced by a finished refresh just takes the new one, so fifty chats hitting an
/// expired token cause one call of the session endpoint. GPT_API_KEY is only the initial access token, as in the seed.
/// </summary>
internal sealed partial class WebSessionAuthenticator : IBackendSession, IDisposable
{
    private readonly SessionEndpointClient _endpoint;
    private readonly WebSessionTokenFile _tokenFile;
    private readonly LlmOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<WebSessionAuthenticator> _logger;
    private readonly ILlmRequestGate? _intervalGate;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private string? _sessionToken;
    private string? _accessToken;
    private long _generation;
    private Task<bool>? _inFlight;
    private Task _ready = Task.CompletedTask;

    public WebSessionAuthenticator(
        SessionEndpointClient endpoint,
        WebSessionTokenFile tokenFile,
        LlmOptions options,
        TimeProvider timeProvider,
        ILogger<WebSessionAuthenticator> logger,
        ILlmRequestGate? intervalGate = null)
    {
        _intervalGate = intervalGate;
        _endpoint = endpoint;
        _tokenFile = tokenFile;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _accessToken = options.ApiKeys.Count > 0 ? options.ApiKeys[0] : null;
        _sessionToken = tokenFile.ChooseStartToken(options.SessionToken);
    }

    public AccessCredential Current
    {
        get
        {
            lock (_lock)
            {
                return new AccessCredential(_accessToken, _generation);
            }
        }
    }

    /// <summary>Starts the startup refresh; conversations wait for it (<see cref="WhenReadyAsync"/>) so the first one already uses its token.</summary>
    public void BeginStartupRefresh()
    {
        var refresh = StartOrJoin(takeTurn: true);
        lock (_lock)
        {
            _ready = refresh;
        }
    }

    /// <summary>Completes when the startup refresh has finished, whether it succeeded or not.</summary>
    public Task WhenReadyAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _ready.IsCompleted ? Task.CompletedTask : _ready.WaitAsync(cancellationToken);
        }
    }

    /// <summary><c>/gpt_control refresh_session</c>: refreshes now, or joins the refresh that is already running.</summary>
    public Task<bool> RefreshAsync(CancellationToken cancellationToken) => StartOrJoin(takeTurn: true).WaitAsync(cancellationToken);

    /// <summary>
    /// A conversation was refused with <paramref name="rejected"/>. True when a newer token is available afterwards:
    /// because another caller's refresh already replaced it, or because the refresh this call started or joined succeeded.
    /// </summary>
    public Task<bool> RefreshRejectedAsync(AccessCredential rejected, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_generation != rejected.Generation)
            {
                return Task.FromResult(true);
            }
        }

        // No turn at the interval gate: the conversation that was refused already took one, and its user is waiting.
        return StartOrJoin(takeTurn: false).WaitAsync(cancellationToken);
    }

    public void Stop() => _stopping.Cancel();

    public void Dispose() => _stopping.Dispose();

    /// <summary>
    /// Runs one refresh, or returns the one running. <paramref name="takeTurn"/>: the startup and manual refreshes count
    /// towards GPT_REQUEST_MINIMAL_INTERVAL, as the seed's did, so they never crowd the backend right after an answer.
    /// </summary>
    private Task<bool> StartOrJoin(bool takeTurn)
    {
        lock (_lock)
        {
            if (_inFlight is { IsCompleted: false } running)
            {
                return running;
            }

            // Run outside the lock and off the caller's stack; no caller's cancellation may cancel a shared refresh.
            _inFlight = Task.Run(() => RefreshSafelyAsync(takeTurn));
            return _inFlight;
        }
    }

    private async Task<bool> RefreshSafelyAsync(bool takeTurn)
    {
        try
        {
            if (takeTurn && _intervalGate is not null)
            {
                await _intervalGate.WaitTurnAsync(_stopping.Token);
            }

            return await RefreshOnceAsync();
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex)
        {
            LogRefreshCrashed(_logger, ex);
            return false;
        }
    }

    private async Task<bool> RefreshOnceAsync()
    {
        string? sessionToken;
        lock (_lock)
        {
            sessionToken = _sessionToken;
        }

        if (sessionToken is null)
        {
            LogNoSessionToken(_logger);
            return false;
        }

        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stopping.Token);
        SessionAnswer answer;
        try
        {
            answer = await _endpoint.FetchAsync(sessionToken, linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            LogRefreshFailed(_logger, $"no answer within {_options.RequestTimeout.TotalSeconds} s (GPT_TIMEOUT)");
            return false;
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return false;
        }
        catch (HttpRequestException ex)
        {
            LogRefreshFailed(_logger, "cannot reach the session endpoint: " + ex.Message);
            return false;
        }

        if (answer.RotatedSessionToken is { } rotated && rotated != sessionToken)
        {
            await KeepRotatedAsync(rotated);
        }

        if (!answer.Succeeded)
        {
            if (answer.SessionDead)
            {
                LogSessionDead(_logger, answer.Failure!);
            }
            else
            {
                LogRefreshFailed(_logger, answer.Failure!);
            }

            return false;
        }

        lock (_lock)
        {
            _accessToken = answer.AccessToken;
            _generation++;
        }

        LogRefreshed(_logger, answer.RotatedSessionToken is not null);
        return true;
    }

    private async Task KeepRotatedAsync(string rotated)
    {
        lock (_lock)
        {
            _sessionToken = rotated;
        }

        try
        {
            await _tokenFile.SaveAsync(rotated, _options.SessionToken, _stopping.Token);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            // The token still works in memory; only a restart would fall back to the (possibly dead) GPT_SESSION_TOKEN.
            LogSaveFailed(_logger, _tokenFile.Path, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Web session refreshed: new access token (session cookie rotated: {Rotated})")]
    private static partial void LogRefreshed(ILogger logger, bool rotated);

    [LoggerMessage(Level = LogLevel.Error, Message = "Refreshing the web session failed: {Reason}")]
    private static partial void LogRefreshFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The web session is dead or blocked: {Reason}. Log in to the web client in a browser and put its __Secure-next-auth.session-token cookie into GPT_SESSION_TOKEN (an HTML answer can also be a Cloudflare challenge: point GPT_API_BASEURL at a proxy that speaks the protocol)")]
    private static partial void LogSessionDead(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cannot refresh the web session: GPT_SESSION_TOKEN is not set (only the initial access token from GPT_API_KEY can be used)")]
    private static partial void LogNoSessionToken(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Refreshing the web session failed unexpectedly")]
    private static partial void LogRefreshCrashed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not save the rotated session token to {Path}: {Reason}")]
    private static partial void LogSaveFailed(ILogger logger, string path, string reason);
}
