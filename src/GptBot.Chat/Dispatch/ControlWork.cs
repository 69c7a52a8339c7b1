using GptBot.Chat.Commands;
using GptBot.Chat.Model;

namespace GptBot.Chat.Dispatch;

/// <summary>A /gpt_control action queued on its conversation's lane, so it runs between that chat's answers, never during one.</summary>
internal sealed class ControlWork(ControlCommandHandler handler, IncomingMessage message, ControlCommand command) : ILaneWork
{
    public void OnFront(TimeSpan waited)
    {
    }

    public Task RunAsync() => handler.HandleAsync(message, command, CancellationToken.None);
}
