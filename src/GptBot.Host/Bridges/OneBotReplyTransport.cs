using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using GptBot.OneBot.Actions;
using GptBot.OneBot.Protocol;

namespace GptBot.Host.Bridges;

/// <summary>
/// Puts the chat domain's reply messages on the wire over OneBot and reports what the implementation answered. Text
/// always goes out as text segments, so whatever the model writes (<c>[CQ:at,qq=all]</c>, a local image path) stays
/// literal text.
/// </summary>
internal sealed class OneBotReplyTransport(IOneBotApi api) : IReplyTransport
{
    public async Task<ReplyResult> SendAsync(ConversationKey key, ReplyMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var response = message.Form switch
            {
                ReplyForm.Forward => await api.SendForwardAsync(
                    key.SelfId, key.IsGroup, key.ChatId, key.SelfId, "GptBot",
                    (message.Parts ?? [message.Text]).Select(part => (IReadOnlyList<MessageSegment>)[MessageSegment.CreateText(part)]).ToArray(),
                    cancellationToken),
                _ => await api.SendMessageAsync(key.SelfId, key.IsGroup, key.ChatId, BuildMessage(message), cancellationToken),
            };

            return response.IsSuccess
                ? ReplyResult.Success(response.MessageId)
                : ReplyResult.Failed($"retcode {response.Retcode}: {response.Wording ?? response.Status ?? "no status"}");
        }
        catch (OneBotActionException ex) when (ex.Kind == ActionFailureKind.ConnectionLost)
        {
            // The frame was written and then the socket dropped (unwritten frames are re-sent by the action client).
            return ReplyResult.SentUnconfirmed(ex.Message);
        }
        catch (OneBotActionException ex)
        {
            return ReplyResult.Failed(ex.Message, timedOut: ex.Kind == ActionFailureKind.Timeout);
        }
    }

    private static List<MessageSegment> BuildMessage(ReplyMessage message)
    {
        var segments = new List<MessageSegment>(2);
        // 0 is "no id" (the implementation gave none): a reply segment pointing at it would quote nothing, or fail.
        if (message.QuoteMessageId is { } quote and not 0)
        {
            segments.Add(MessageSegment.Reply(quote));
        }

        segments.Add(message.Form == ReplyForm.Image
            ? MessageSegment.Image("base64://" + Convert.ToBase64String(message.Image.Span))
            : MessageSegment.CreateText(message.Text));
        return segments;
    }
}
