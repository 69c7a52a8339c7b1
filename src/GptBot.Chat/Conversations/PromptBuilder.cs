using System.Text;
using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace GptBot.Chat.Conversations;

/// <summary>
/// Builds the message list sent to the LLM: the system prompt, as many of the conversation's latest turns as fit in
/// GPT_MAX_CONTEXT_TOKENS (less GPT_MAX_ANSWER_TOKENS kept free for the answer), and the new prompt. Older turns are
/// left out whole exchanges at a time, so the request never starts with an answer to a question it does not show.
/// In groups every user turn is prefixed with the speaker's name so the model can tell members apart, unless
/// GPT_SPEAKER_PREFIX is off (the original plugin's bare text; the name stays stored, so switching back restores it).
/// </summary>
public sealed class PromptBuilder(IOptions<ChatServiceOptions> options, ITokenCounter tokenCounter)
{
    /// <summary>What chat formats add around each message (role markers, separators), as OpenAI documents for its models.</summary>
    public const int TokensPerMessage = 4;

    /// <summary>What the reply's own priming costs.</summary>
    public const int TokensPerRequest = 3;

    /// <summary>
    /// What one image is counted as in the window. Providers charge by size (OpenAI: 85 to about 1,100 tokens for the
    /// sizes QQ sends); the window only needs a fair reserve, not the bill.
    /// </summary>
    public const int TokensPerImage = 800;

    private volatile CountedText? _systemCost;

    /// <param name="images">
    /// The images of the new prompt, in order, for the model to see; a null entry is one that could not be had, and the
    /// model reads the placeholder in its place.
    /// </param>
    /// <exception cref="ChatBackendException">The system prompt and the new prompt alone do not fit the window.</exception>
    public List<ChatMessage> Build(IReadOnlyList<ConversationTurn> history, ConversationTurn prompt, IReadOnlyList<FetchedImage?>? images = null) =>
        Build(history, prompt, images, options.Value.SystemPrompt);

    /// <param name="systemPrompt">The chat's system prompt (its persona, or GPT_SYSTEM_PROMPT); none when blank.</param>
    public List<ChatMessage> Build(IReadOnlyList<ConversationTurn> history, ConversationTurn prompt, IReadOnlyList<FetchedImage?>? images, string? systemPrompt)
    {
        var settings = options.Value;
        var system = string.IsNullOrWhiteSpace(systemPrompt) ? null : new ChatMessage(ChatRole.System, systemPrompt);
        var current = ToMessage(prompt, settings.SpeakerPrefix);
        if (images is { Count: > 0 })
        {
            AddImages(current, images);
        }

        var room = settings.MaxContextTokens - settings.MaxAnswerTokens - TokensPerRequest - ImagePartsCost(current.Contents);
        var first = FitsByBytes(history, prompt, systemPrompt, room, settings.SpeakerPrefix)
            ? FirstUserTurn(history, 0)
            : FirstTurnThatFits(history, prompt, system is null ? null : systemPrompt, room);
        var messages = new List<ChatMessage>(history.Count - first + 2);
        if (system is not null)
        {
            messages.Add(system);
        }

        for (var i = first; i < history.Count; i++)
        {
            messages.Add(ToMessage(history[i], settings.SpeakerPrefix));
        }

        messages.Add(current);
        return messages;
    }

    /// <summary>
    /// What a request costs as <see cref="Build"/> counts it, for the usage of a backend that reports none: each
    /// message's text and parts (images at <see cref="TokensPerImage"/>), plus the reply's priming.
    /// </summary>
    public int CountTokens(IReadOnlyList<ChatMessage> request)
    {
        var tokens = TokensPerRequest;
        for (var i = 0; i < request.Count; i++)
        {
            var contents = request[i].Contents;
            tokens += TokensPerMessage;
            for (var j = 0; j < contents.Count; j++)
            {
                tokens += contents[j] switch
                {
                    TextContent text => tokenCounter.CountTokens(text.Text),
                    DataContent => TokensPerImage,
                    _ => 0,
                };
            }
        }

        return tokens;
    }

    /// <summary>The tokens of a text alone, such as an answer.</summary>
    public int CountTokens(string text) => tokenCounter.CountTokens(text);

    public static ChatMessage ToMessage(ConversationTurn turn, bool speakerPrefix = true)
    {
        if (turn.Role != TurnRole.User)
        {
            return new ChatMessage(ChatRole.Assistant, turn.Text);
        }

        if (!speakerPrefix || turn.AuthorName is not { Length: > 0 })
        {
            return new ChatMessage(ChatRole.User, turn.Text);
        }

        return new ChatMessage(ChatRole.User, MessageText(turn, speakerPrefix))
        {
            AdditionalProperties = new AdditionalPropertiesDictionary { [ChatMessageProperties.PlainText] = turn.Text },
        };
    }

    /// <summary>The text the model reads for the turn: in groups a user turn starts with its speaker's name.</summary>
    private static string MessageText(ConversationTurn turn, bool speakerPrefix) =>
        speakerPrefix && turn.Role == TurnRole.User && turn.AuthorName is { Length: > 0 } name ? $"{SanitizeName(name)}: {turn.Text}" : turn.Text;

    /// <summary>
    /// The images go after the text, as parts of the same user message; one that could not be had stays a placeholder,
    /// so the model can say it cannot see it rather than answer as if none was sent.
    /// </summary>
    private static void AddImages(ChatMessage message, IReadOnlyList<FetchedImage?> images)
    {
        foreach (var image in images)
        {
            message.Contents.Add(image is null
                ? new TextContent(ImageReference.Placeholder)
                : new DataContent(image.Data, image.MediaType));
        }
    }

    /// <summary>
    /// Whether everything fits even if every byte were a token (no counter gives more, see <see cref="ITokenCounter"/>):
    /// then no text needs counting. Most chats are short, so this spares both the counting and the vocabulary.
    /// </summary>
    private static bool FitsByBytes(IReadOnlyList<ConversationTurn> history, ConversationTurn prompt, string? systemPrompt, int room, bool speakerPrefix)
    {
        // First three bytes per UTF-16 unit, which needs no look at the text; only if that is too coarse, the bytes.
        long coarse = CharBound(prompt, speakerPrefix) + (string.IsNullOrWhiteSpace(systemPrompt) ? 0 : TokensPerMessage + (3L * systemPrompt.Length));
        for (var i = 0; i < history.Count && coarse <= room; i++)
        {
            coarse += CharBound(history[i], speakerPrefix);
        }

        if (coarse <= room)
        {
            return true;
        }

        long bytes = ByteBound(prompt, speakerPrefix) + (string.IsNullOrWhiteSpace(systemPrompt) ? 0 : TokensPerMessage + Encoding.UTF8.GetByteCount(systemPrompt));
        for (var i = 0; i < history.Count && bytes <= room; i++)
        {
            bytes += ByteBound(history[i], speakerPrefix);
        }

        return bytes <= room;
    }

    // The speaker's name is sent as "name: text"; the sanitised name never has more bytes than the name itself.
    private static long CharBound(ConversationTurn turn, bool speakerPrefix) =>
        TokensPerMessage + (3L * turn.Text.Length) + (HasPrefix(turn, speakerPrefix) ? (3L * turn.AuthorName!.Length) + 2 : 0);

    private static long ByteBound(ConversationTurn turn, bool speakerPrefix) =>
        TokensPerMessage + Encoding.UTF8.GetByteCount(turn.Text) + (HasPrefix(turn, speakerPrefix) ? Encoding.UTF8.GetByteCount(turn.AuthorName!) + 2 : 0);

    private static bool HasPrefix(ConversationTurn turn, bool speakerPrefix) =>
        speakerPrefix && turn.Role == TurnRole.User && turn.AuthorName is { Length: > 0 };

    /// <summary>
    /// Counts the prompt (and the system prompt), then walks back from the newest turn while the budget lasts, then
    /// moves forward to a user turn.
    /// </summary>
    /// <exception cref="ChatBackendException">The system prompt and the new prompt alone do not fit.</exception>
    private int FirstTurnThatFits(IReadOnlyList<ConversationTurn> history, ConversationTurn prompt, string? systemPrompt, int room)
    {
        var settings = options.Value;
        var generation = tokenCounter.Generation;
        var budget = room - Cost(prompt, generation) - (systemPrompt is null ? 0 : SystemCost(systemPrompt, generation));
        if (budget < 0)
        {
            throw new ChatBackendException(ChatFailureKind.PromptOverWindow, $"the prompt alone needs more than GPT_MAX_CONTEXT_TOKENS={settings.MaxContextTokens} minus GPT_MAX_ANSWER_TOKENS={settings.MaxAnswerTokens}");
        }

        var first = history.Count;
        for (var i = history.Count - 1; i >= 0; i--)
        {
            budget -= Cost(history[i], generation);
            if (budget < 0)
            {
                break;
            }

            first = i;
        }

        return FirstUserTurn(history, first);
    }

    /// <summary>The first user turn from <paramref name="first"/> on: a request never starts with an answer.</summary>
    private static int FirstUserTurn(IReadOnlyList<ConversationTurn> history, int first)
    {
        while (first < history.Count && history[first].Role != TurnRole.User)
        {
            first++;
        }

        return first;
    }

    /// <summary>
    /// What the turn's message costs without images, counted once per turn and generation of counts: a stored turn is
    /// sent again with every later request of its chat, and the new prompt, once answered, is stored as the same turn.
    /// </summary>
    private int Cost(ConversationTurn turn, int generation)
    {
        if (turn.TryGetTokenCount(generation, out var kept))
        {
            return kept;
        }

        // GPT_SPEAKER_PREFIX is read once at start, so a kept count never mixes the two forms.
        var cost = TokensPerMessage + tokenCounter.CountTokens(MessageText(turn, options.Value.SpeakerPrefix));
        turn.KeepTokenCount(generation, cost);
        return cost;
    }

    /// <summary>The system prompt's cost, counted again only when the prompt or the generation of counts changes.</summary>
    private int SystemCost(string text, int generation)
    {
        var kept = _systemCost;
        if (kept is not null && kept.Generation == generation && ReferenceEquals(kept.Text, text))
        {
            return kept.Cost;
        }

        var cost = TokensPerMessage + tokenCounter.CountTokens(text);
        _systemCost = new CountedText(text, generation, cost);
        return cost;
    }

    private sealed record CountedText(string Text, int Generation, int Cost);

    /// <summary>What the parts after the prompt's text cost: each image, and the placeholder of each that could not be had.</summary>
    private int ImagePartsCost(IList<AIContent> contents)
    {
        var cost = 0;
        for (var i = 1; i < contents.Count; i++)
        {
            cost += contents[i] switch
            {
                DataContent => TokensPerImage,
                TextContent text => tokenCounter.CountTokens(text.Text),
                _ => 0,
            };
        }

        return cost;
    }

    // A member's card is theirs to choose: keep it on one line so it cannot pose as another turn.
    private static string SanitizeName(string name) => name.ReplaceLineEndings(" ").Trim();
}
