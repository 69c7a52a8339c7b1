using System.Text.Json;
using GptBot.OneBot.Protocol;

namespace GptBot.OneBot.Actions;

/// <summary>Calls actions on a connected bot and returns the implementation's answer.</summary>
public interface IOneBotApi
{
    /// <summary>
    /// Sends <paramref name="action"/> to bot <paramref name="selfId"/> and waits for its answer. Throws
    /// <see cref="OneBotActionException"/> when no answer comes (timeout, dropped socket, bot not connected);
    /// a "failed" answer is returned, not thrown.
    /// </summary>
    Task<ActionResponse> CallAsync(long selfId, string action, Action<Utf8JsonWriter>? writeParams, CancellationToken cancellationToken);
}
