using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace GptBot.Testing;

public sealed partial class FakeChatGptWebServer
{
    private readonly List<(int Count, TaskCompletionSource Done)> _rejectionWaiters = [];

    /// <summary>Completes once <paramref name="count"/> conversation requests have been refused with 401.</summary>
    public Task WhenRejectedAsync(int count, TimeSpan timeout)
    {
        lock (_lock)
        {
            if (_rejected >= count)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _rejectionWaiters.Add((count, done));
            return done.Task.WaitAsync(timeout);
        }
    }

    /// <summary>
    /// The real session endpoint: the current session cookie gets a rotated cookie and a new access token; any other
    /// cookie gets <c>{}</c> (an invalid session, as chat.openai.com answered).
    /// </summary>
    public async Task AnswerSessionAsync(FakeWebRequest request, HttpContext context)
    {
        string? accessToken = null;
        string? rotated = null;
        lock (_lock)
        {
            if (request.SessionToken is { } token && (token == _sessionToken || !RequireLatestSessionToken))
            {
                var serial = ++_tokenSerial;
                accessToken = $"at-{serial}";
                rotated = $"sess-{serial}";
                _sessionToken = rotated;
                _validAccessTokens.Add(accessToken);
            }
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        if (accessToken is null)
        {
            await context.Response.WriteAsync("{}", context.RequestAborted);
            return;
        }

        context.Response.Headers.Append("Set-Cookie", $"{SessionCookieName}={rotated}; Path=/; Expires=Fri, 01 Jan 2100 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax");
        await context.Response.WriteAsync(
            JsonSerializer.Serialize(new { user = new { id = "user-1", name = "tester" }, expires = "2100-01-01T00:00:00.000Z", accessToken }),
            context.RequestAborted);
    }

    /// <summary>Streams cumulative <paramref name="snapshots"/> of one assistant message as the web backend did, then [DONE].</summary>
    public static async Task StreamSnapshotsAsync(HttpContext context, string conversationId, string messageId, IEnumerable<string> snapshots, bool withNoise = true)
    {
        if (!context.Response.HasStarted)
        {
            context.Response.ContentType = "text/event-stream; charset=utf-8";
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        }

        if (withNoise)
        {
            await context.Response.WriteAsync(": ping\n\n", context.RequestAborted);
            await WriteDataAsync(context, $$"""{"message":null,"conversation_id":"{{conversationId}}","error":null}""");
            await WriteDataAsync(context, $$$"""{"message":{"id":"user-echo","author":{"role":"user"},"content":{"content_type":"text","parts":["(the prompt)"]}},"conversation_id":"{{{conversationId}}}","error":null}""");
            await WriteDataAsync(context, Frame(conversationId, messageId, null));
            await WriteDataAsync(context, "this is not JSON");
        }

        foreach (var snapshot in snapshots)
        {
            await WriteDataAsync(context, Frame(conversationId, messageId, snapshot));
        }

        await WriteDataAsync(context, "[DONE]");
    }

    /// <summary>One 2023-shaped assistant frame; <paramref name="text"/> null gives empty <c>parts</c>.</summary>
    public static string Frame(string conversationId, string messageId, string? text) => JsonSerializer.Serialize(new
    {
        message = new
        {
            id = messageId,
            author = new { role = "assistant", name = (string?)null, metadata = new { } },
            create_time = (double?)null,
            content = new { content_type = "text", parts = text is null ? Array.Empty<string>() : [text] },
            end_turn = (bool?)null,
            weight = 1.0,
            recipient = "all",
            metadata = new { },
        },
        conversation_id = conversationId,
        error = (string?)null,
    });

    public static async Task WriteDataAsync(HttpContext context, string payload)
    {
        await context.Response.WriteAsync("data: " + payload + "\n\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    /// <summary>Never answers (until the client gives up).</summary>
    public static Task HangAsync(HttpContext context) => FakeLlmServer.HangAsync(context);

    private async Task HandleSessionAsync(HttpContext context, FakeWebRequest request)
    {
        Interlocked.Increment(ref _sessionCalls);
        if (SessionHandler is { } handler)
        {
            _sessions.Writer.TryWrite(request);
            await handler(request, context);
            return;
        }

        // Recorded once the token is issued, so a test that saw the request can expire that token.
        var answering = AnswerSessionAsync(request, context);
        _sessions.Writer.TryWrite(request);
        await answering;
    }

    private async Task HandleConversationAsync(HttpContext context, FakeWebRequest request)
    {
        _conversations.Writer.TryWrite(request);
        if (!IsAccepted(request.Authorization))
        {
            Reject();
            await FakeLlmServer.ErrorAsync(context, 401, "Unauthorized",
                """{"detail":{"message":"Your authentication token has expired. Please try signing in again.","type":"invalid_request_error","param":null,"code":"token_expired"}}""");
            return;
        }

        if (ConversationHandler is { } handler)
        {
            await handler(request, context);
            return;
        }

        var serial = Interlocked.Increment(ref _serial);
        var conversationId = request.ConversationId ?? $"conv-{serial}";
        var messageId = $"msg-{serial}";
        var answer = DefaultAnswer(request);
        var snapshots = Enumerable.Range(1, (answer.Length + 3) / 4).Select(i => answer[..Math.Min(answer.Length, i * 4)]).Append(answer);
        request.AnsweredWith = (conversationId, messageId); // before streaming: the bot may ask again as soon as it has the answer
        await StreamSnapshotsAsync(context, conversationId, messageId, snapshots);
    }

    private bool IsAccepted(string? authorization)
    {
        if (RejectAllAccessTokens || authorization is null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return false;
        }

        lock (_lock)
        {
            return _validAccessTokens.Contains(authorization["Bearer ".Length..]);
        }
    }

    private void Reject()
    {
        lock (_lock)
        {
            _rejected++;
            foreach (var waiter in _rejectionWaiters.Where(w => w.Count <= _rejected).ToArray())
            {
                waiter.Done.TrySetResult();
                _rejectionWaiters.Remove(waiter);
            }
        }
    }
}
