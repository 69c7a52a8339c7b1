using GptBot.Chat.Model;

namespace GptBot.Chat.Dispatch;

/// <summary>A prompt queued on its conversation's lane: takes its start slot at the front, then is answered.</summary>
internal sealed class PromptWork(ChatResponder responder, IncomingMessage message, string prompt, CancellationToken abort) : ILaneWork
{
    private PromptTurn _turn;

    public void OnFront(TimeSpan waited) => _turn = responder.TakeTurn(message, waited, abort);

    public Task RunAsync() => responder.AnswerAsync(message, prompt, _turn, abort);
}
