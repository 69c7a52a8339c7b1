using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace GptBot.Chat.Ports;

/// <summary>
/// Turns the transport exceptions of any <see cref="IChatClient"/> (ours or a stock Microsoft.Extensions.AI client)
/// into <see cref="ChatBackendException"/>s with a <see cref="ChatFailureKind"/>, so every backend's failures reach
/// the chat with the same words. It knows only BCL exceptions: a backend with exception types of its own translates
/// them itself. Nothing is translated once the caller's token is cancelled (GPT_TIMEOUT, stop): the caller knows why.
/// </summary>
public sealed class FailureTranslatingChatClient(IChatClient innerClient) : DelegatingChatClient(innerClient)
{
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && Translate(ex) is { } failure)
        {
            throw new ChatBackendException(failure, ex);
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // A yield cannot sit inside a try with a catch, so each step of the inner stream is guarded on its own.
        IAsyncEnumerator<ChatResponseUpdate> updates;
        try
        {
            updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && Translate(ex) is { } failure)
        {
            throw new ChatBackendException(failure, ex);
        }

        try
        {
            while (true)
            {
                try
                {
                    if (!await updates.MoveNextAsync())
                    {
                        yield break;
                    }
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested && Translate(ex) is { } failure)
                {
                    throw new ChatBackendException(failure, ex);
                }

                yield return updates.Current;
            }
        }
        finally
        {
            await updates.DisposeAsync();
        }
    }

    /// <summary>The failure a transport exception stands for, or null for one that passes unchanged (ours included).</summary>
    public static ChatFailure? Translate(Exception exception) => exception switch
    {
        ChatBackendException => null,

        // Stock clients call EnsureSuccessStatusCode, which keeps the status but not the reason phrase. A proxy that
        // refused the tunnel has a status too, but the provider was never reached.
        HttpRequestException { StatusCode: { } status, HttpRequestError: not HttpRequestError.ProxyTunnelError } => new ChatFailure(ChatFailureKind.HttpStatus, "the LLM answered HTTP " + (int)status + ": " + exception.Message)
        {
            StatusCode = (int)status,
        },
        HttpRequestException => new ChatFailure(ChatFailureKind.Unreachable, "cannot reach the LLM: " + exception.Message),

        // Reading the body of a response: the headers came, so the provider was reached and the answer broke off.
        IOException => new ChatFailure(ChatFailureKind.StreamCut, "the answer stream broke off: " + exception.Message),
        JsonException => new ChatFailure(ChatFailureKind.StreamGarbled, "the answer stream had invalid JSON: " + exception.Message),

        // A client's own time limit (HttpClient.Timeout): the caller's token was not cancelled, so it was not ours.
        TimeoutException or OperationCanceledException => new ChatFailure(ChatFailureKind.Timeout, "the LLM client timed out: " + exception.Message),
        NotSupportedException => new ChatFailure(ChatFailureKind.UnsupportedInput, "the LLM client cannot take this request: " + exception.Message),
        _ => null,
    };
}
