using System.Globalization;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GptBot.OneBot.Transport;

/// <summary>
/// Accepts reverse WebSocket connections from implementations. Every refusal is an HTTP status before the upgrade:
/// 400 without a numeric <c>X-Self-ID</c> or with an unknown <c>X-Client-Role</c>, 401 without a token, 403 with a wrong
/// one or for a bot ONEBOT_SELF_IDS does not list, 409 for a split API/Event connection of a bot whose Universal one is
/// live (and the reverse), 503 while stopping.
/// </summary>
public sealed partial class ReverseWebSocketEndpoint(
    OneBotFrameRouter router,
    ConnectionRegistry registry,
    OneBotMetrics metrics,
    IOptions<OneBotOptions> options,
    TimeProvider timeProvider,
    ILogger<ReverseWebSocketEndpoint> logger)
{
    private readonly LogThrottle _refusalLog = new(timeProvider, TimeSpan.FromSeconds(30));

    // Its own throttle: a peer with a stale token retrying every few seconds must not hide a takeover attempt.
    private readonly LogThrottle _identityRefusalLog = new(timeProvider, TimeSpan.FromSeconds(30));

    /// <summary>
    /// The paths NoneBot serves, so existing implementation configs work unchanged. Routing matches each with or
    /// without a trailing slash, which covers <c>/onebot/v11/ws/</c> and <c>/onebot/v11/</c>.
    /// </summary>
    public static readonly string[] Paths = ["/onebot/v11/ws", "/onebot/v11"];

    public async Task HandleAsync(HttpContext context)
    {
        var remote = $"{context.Connection.RemoteIpAddress}:{context.Connection.RemotePort}";
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, "expected a WebSocket upgrade (OneBot v11 reverse WebSocket)", remote, _refusalLog, ConnectionRefusal.Other);
            return;
        }

        var verdict = AccessTokenCheck.Verify(options.Value.AccessToken, context.Request.Headers.Authorization.FirstOrDefault(), context.Request.Query["access_token"].FirstOrDefault());
        if (verdict != AccessTokenVerdict.Accepted)
        {
            var status = verdict == AccessTokenVerdict.Missing ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden;
            await RefuseAsync(context, status, verdict == AccessTokenVerdict.Missing ? "missing access token" : "wrong access token (check ONEBOT_ACCESS_TOKEN)", remote, _refusalLog, ConnectionRefusal.Token);
            return;
        }

        if (!long.TryParse(context.Request.Headers["X-Self-ID"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var selfId))
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, "missing or non-numeric X-Self-ID header", remote, _refusalLog, ConnectionRefusal.Other);
            return;
        }

        if (!options.Value.AcceptsSelfId(selfId))
        {
            var refusal = string.Create(CultureInfo.InvariantCulture, $"bot {selfId} is not in ONEBOT_SELF_IDS");
            await RefuseAsync(context, StatusCodes.Status403Forbidden, refusal, remote, _identityRefusalLog, ConnectionRefusal.SelfId);
            return;
        }

        if (ClientRoles.Parse(context.Request.Headers["X-Client-Role"].FirstOrDefault()) is not { } role)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, "unknown X-Client-Role (expected Universal, API or Event)", remote, _refusalLog, ConnectionRefusal.Other);
            return;
        }

        if (registry.IsClosed)
        {
            await RefuseAsync(context, StatusCodes.Status503ServiceUnavailable, "the service is stopping", remote, _refusalLog, ConnectionRefusal.Other);
            return;
        }

        if (registry.FindConflict(selfId, role) is { } live)
        {
            await RefuseAsync(context, StatusCodes.Status409Conflict, ConflictReason(selfId, role, live.Role), remote, _identityRefusalLog, ConnectionRefusal.Conflict);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var connection = new WebSocketConnection(socket, selfId, role, "reverse " + remote, router, options.Value)
        {
            Implementation = ImplementationName.FromUserAgent(context.Request.Headers.UserAgent.FirstOrDefault()),
            ConnectedAt = timeProvider.GetUtcNow(),
        };
        if (!router.TryConnect(connection, out var replacedClosed))
        {
            // Another connection of the other kind registered between the check above and the upgrade.
            metrics.Refused(ConnectionRefusal.Conflict);
            await RefuseUpgradedAsync(socket, context.RequestAborted);
            return;
        }

        var reason = "connection failed";
        try
        {
            if (registry.IsClosed)
            {
                // Raced with the stop's CloseAllAsync: close this one too rather than hold Kestrel's shutdown open.
                await connection.CloseAsync("server stopping", context.RequestAborted);
            }

            // Not tied to ApplicationStopping: on a graceful stop the sockets stay up while answers in flight are
            // delivered, then the stop closes them with a close frame (ConnectionRegistry.CloseAllAsync).
            reason = await connection.RunAsync(context.RequestAborted);
        }
        finally
        {
            // Whatever ended the connection, pending calls must fail now and the registry must forget the socket.
            router.OnDisconnected(connection, reason);
            await replacedClosed;
        }
    }

    private static string ConflictReason(long selfId, ClientRole role, ClientRole liveRole) => string.Create(
        CultureInfo.InvariantCulture,
        $"bot {selfId} already has a live {liveRole.HeaderName()} connection; refusing this {role.HeaderName()} connection (an implementation connects either Universal or split API/Event)");

    private static async Task RefuseUpgradedAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await socket.CloseAsync(WebSocketCloseStatus.PolicyViolation, "the bot already has a live connection of the other kind", timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            socket.Abort();
        }
    }

    private async Task RefuseAsync(HttpContext context, int status, string reason, string remote, LogThrottle throttle, ConnectionRefusal kind)
    {
        metrics.Refused(kind);
        if (throttle.TryEnter(out var suppressed))
        {
            LogRefused(logger, remote, status, reason, suppressed);
        }

        context.Response.StatusCode = status;
        await context.Response.WriteAsync(reason, context.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a connection from {Remote} with HTTP {Status}: {Reason} ({Suppressed} similar refusals suppressed)")]
    private static partial void LogRefused(ILogger logger, string remote, int status, string reason, int suppressed);
}
