using System.Collections.Concurrent;
using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using Microsoft.Extensions.Options;

namespace GptBot.Chat.Replies;

/// <summary>
/// Per chat, the reply form that worked after an earlier form failed there, so the next long answer starts with it
/// instead of failing the same way again (risk control tends to last a while). In memory only: a restart starts over
/// with the configured form, which costs at most one failed send per chat. An entry expires after
/// <see cref="ReplyOptions.FormMemory"/>, so a chat goes back to plain text once the restriction has likely lifted.
/// </summary>
public sealed class ReplyFormMemory(IOptions<ReplyOptions> options, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<ConversationKey, (ReplyForm Form, DateTimeOffset At)> _forms = new();

    /// <summary>The remembered form for this chat, if any and not expired.</summary>
    public ReplyForm? Recall(ConversationKey key)
    {
        // What QQ lets through is a property of the chat, whichever member's context the answer belongs to.
        key = key.Chat;
        if (!_forms.TryGetValue(key, out var entry))
        {
            return null;
        }

        if (timeProvider.GetUtcNow() - entry.At < options.Value.FormMemory)
        {
            return entry.Form;
        }

        _forms.TryRemove(new KeyValuePair<ConversationKey, (ReplyForm, DateTimeOffset)>(key, entry));
        return null;
    }

    public void Remember(ConversationKey key, ReplyForm form) => _forms[key.Chat] = (form, timeProvider.GetUtcNow());
}
