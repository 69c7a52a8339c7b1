using GptBot.Chat.Model;
using GptBot.Chat.Settings;

namespace GptBot.Chat.Dispatch;

/// <summary>
/// A prompt queued on its conversation's lane: takes its start slot at the front, then is answered with the chat's
/// settings as they were when it arrived.
/// </summary>
internal sealed class PromptWork(ChatResponder responder, IncomingMessage message, string prompt, ChatSettings settings, CancellationToken abort) : ILaneWork
{
    private PromptTurn _turn;

    public void OnFront(TimeSpan waited) => _turn = responder.TakeTurn(message, waited, abort);

    public Task RunAsync() => responder.AnswerAsync(message, prompt, settings, _turn, abort);
}
