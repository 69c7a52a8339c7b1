using GptBot.OneBot.Protocol;

namespace GptBot.OneBot.Transport;

/// <summary>
/// Receives every parsed event. Called on the connection's receive loop, so it must hand the event off and return
/// at once: a slow handler must never delay the next frame.
/// </summary>
public interface IOneBotEventSink
{
    void Publish(OneBotEvent oneBotEvent, IOneBotConnection source);
}
