using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using GptBot.OneBot.Actions;
using GptBot.OneBot.Protocol;

namespace GptBot.Host.Bridges;

/// <summary>
/// Sends the chat domain's replies over OneBot and reports what the implementation answered. Text always goes out as
/// text segments, so whatever the model writes (<c>[CQ:at,qq=all]</c>, a local image path) stays literal text.
/// </summary>
internal sealed class OneBotReplySender(IOneBotApi api) : IReplySender
{
    public async Task<DeliveryResult> SendAsync(ConversationKey key, OutgoingReply reply, CancellationToken cancellationToken)
    {
        try
        {
            var response = reply.Form switch
            {
                ReplyForm.Forward => await api.SendForwardAsync(
                    key.SelfId, key.IsGroup, key.ChatId, key.SelfId, "GptBot",
                    (reply.Parts ?? [reply.Text]).Select(part => (IReadOnlyList<MessageSegment>)[MessageSegment.CreateText(part)]).ToArray(),
                    cancellationToken),
                _ => await api.SendMessageAsync(key.SelfId, key.IsGroup, key.ChatId, BuildMessage(reply), cancellationToken),
            };

            return response.IsSuccess
                ? DeliveryResult.Success(response.MessageId)
                : DeliveryResult.Failed($"retcode {response.Retcode}: {response.Wording ?? response.Status ?? "no status"}");
        }
        catch (OneBotActionException ex) when (ex.Kind == ActionFailureKind.ConnectionLost)
        {
            // The frame was written and then the socket dropped (unwritten frames are re-sent by the action client).
            return DeliveryResult.SentUnconfirmed(ex.Message);
        }
        catch (OneBotActionException ex)
        {
            return DeliveryResult.Failed(ex.Message, timedOut: ex.Kind == ActionFailureKind.Timeout);
        }
    }

    private static List<MessageSegment> BuildMessage(OutgoingReply reply)
    {
        var segments = new List<MessageSegment>(2);
        if (reply.QuoteMessageId is { } quote)
        {
            segments.Add(MessageSegment.Reply(quote));
        }

        segments.Add(reply.Form == ReplyForm.Image
            ? MessageSegment.Image("base64://" + Convert.ToBase64String(reply.Image.Span))
            : MessageSegment.CreateText(reply.Text));
        return segments;
    }
}
