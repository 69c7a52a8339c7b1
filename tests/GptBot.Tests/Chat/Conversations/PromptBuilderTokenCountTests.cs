using GptBot.Chat;
using GptBot.Chat.Conversations;
using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using Microsoft.Extensions.Options;

namespace GptBot.Tests.Chat.Conversations;

/// <summary>
/// A stored turn is counted once, not on every request that sends it again; counts are redone when the counter's
/// counts change (the exact vocabulary replaces the estimate), and the window is cut exactly as when counting afresh.
/// A history that fits the window by its bytes (no counter gives more tokens than bytes) is not counted at all.
/// </summary>
public sealed class PromptBuilderTokenCountTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// One token per two characters (times <see cref="PerCharacter"/>), counting what it is asked; its generation can
    /// be moved on. Like every counter, never more tokens than the ASCII texts here have bytes.
    /// </summary>
    private sealed class CountingCounter : ITokenCounter
    {
        public List<string> Counted { get; } = [];

        public int Generation { get; set; }

        public int PerCharacter { get; set; } = 1;

        public int CountTokens(string text)
        {
            Counted.Add(text);
            return (text.Length + 1) / 2 * PerCharacter;
        }
    }

    [Fact]
    public void The_next_request_counts_only_the_new_prompt_not_the_stored_history_again()
    {
        var counter = new CountingCounter();
        var builder = Builder(counter, maxContext: 500, maxAnswer: 0, system: "be brief");
        var history = History(10);
        builder.Build(history, Turn(TurnRole.User, "first"));
        counter.Counted.Clear();

        var messages = builder.Build(history, Turn(TurnRole.User, "second"));

        Assert.Equal(["second"], counter.Counted);
        Assert.Equal(22, messages.Count);
    }

    [Fact]
    public void An_answered_prompt_stored_as_history_is_not_counted_again()
    {
        var counter = new CountingCounter();
        var builder = Builder(counter, maxContext: 22, maxAnswer: 0);
        var prompt = new ConversationTurn(TurnRole.User, "question", "小明", At);
        builder.Build([], prompt);
        counter.Counted.Clear();

        builder.Build([prompt, Turn(TurnRole.Assistant, "answer")], Turn(TurnRole.User, "next"));

        Assert.Equal(["next", "answer"], counter.Counted);
    }

    [Fact]
    public void When_the_counts_change_every_turn_is_counted_again_and_the_window_follows_the_new_counts()
    {
        var counter = new CountingCounter();
        var builder = Builder(counter, maxContext: 400, maxAnswer: 0);
        var history = History(10);
        Assert.Equal(21, builder.Build(history, Turn(TurnRole.User, "q")).Count);

        // The exact vocabulary is ready and counts each character as one and a half tokens: fewer turns fit.
        counter.PerCharacter = 3;
        counter.Generation = 1;
        counter.Counted.Clear();
        var messages = builder.Build(history, Turn(TurnRole.User, "q"));

        Assert.Contains("answer number 9", counter.Counted); // counted again, not taken from before
        Assert.Equal(FreshBuild(history, maxContext: 400, perCharacter: 3).Count, messages.Count);
        Assert.True(messages.Count < 21);
    }

    [Fact]
    public void A_copy_made_with_with_is_counted_for_its_own_text_and_equal_turns_stay_equal()
    {
        var counter = new CountingCounter();
        var builder = Builder(counter, maxContext: 20, maxAnswer: 0);
        var turn = Turn(TurnRole.User, "看图");
        builder.Build([], turn);
        var copy = turn with { Text = "看图 [图片]" };
        counter.Counted.Clear();

        builder.Build([copy, Turn(TurnRole.Assistant, "a")], Turn(TurnRole.User, "n"));

        Assert.Contains("看图 [图片]", counter.Counted);
        Assert.Equal(Turn(TurnRole.User, "看图"), turn);
        Assert.Equal(Turn(TurnRole.User, "看图").GetHashCode(), turn.GetHashCode());
    }

    [Fact]
    public void Cached_counts_cut_the_window_exactly_where_counting_afresh_does()
    {
        var counter = new CountingCounter();
        var builder = Builder(counter, maxContext: 300, maxAnswer: 20, system: "sys");
        var history = History(30);
        for (var i = 0; i < 3; i++)
        {
            var messages = builder.Build(history, Turn(TurnRole.User, "again"));
            Assert.Equal(FreshBuild(history, maxContext: 300, maxAnswer: 20, system: "sys").Select(m => m.Text), messages.Select(m => m.Text));
        }
    }

    [Fact]
    public void A_history_that_fits_by_its_bytes_is_sent_whole_without_counting_any_text()
    {
        var counter = new CountingCounter();
        var builder = Builder(counter, maxContext: 8000, maxAnswer: 1000, system: "be brief");
        var history = History(20);

        var messages = builder.Build(history, Turn(TurnRole.User, "问一下"));

        Assert.Empty(counter.Counted);
        Assert.Equal(42, messages.Count);
        Assert.Equal("member0: question number 0", messages[1].Text);
    }

    [Fact]
    public void A_history_just_over_the_window_by_its_bytes_is_counted_and_still_sent_whole_when_its_tokens_fit()
    {
        var counter = new CountingCounter();
        var history = History(10);
        var bytes = FreshBytes(history, "again") + 3;

        var messages = Builder(counter, maxContext: bytes - 1, maxAnswer: 0).Build(history, Turn(TurnRole.User, "again"));

        Assert.Contains("again", counter.Counted);
        Assert.Equal(21, messages.Count);
    }

    [Fact]
    public void A_prompt_too_large_for_the_window_is_refused_whether_or_not_it_is_counted()
    {
        var builder = Builder(new CountingCounter(), maxContext: 10, maxAnswer: 0);

        var refusal = Assert.Throws<ChatBackendException>(() => builder.Build([], Turn(TurnRole.User, new string('x', 100))));

        Assert.Equal(ChatFailureKind.PromptOverWindow, refusal.Failure.Kind);
    }

    // What the byte bound charges: each message's overhead, its text's bytes and "name: " for a named user turn.
    private static int FreshBytes(ConversationTurn[] history, string prompt) =>
        history.Sum(t => PromptBuilder.TokensPerMessage + System.Text.Encoding.UTF8.GetByteCount(t.AuthorName is null ? t.Text : $"{t.AuthorName}: {t.Text}"))
        + PromptBuilder.TokensPerMessage + prompt.Length;

    private static List<Microsoft.Extensions.AI.ChatMessage> FreshBuild(ConversationTurn[] history, int maxContext, int maxAnswer = 0, string? system = null, int perCharacter = 1)
    {
        // New turns with the same values: nothing is cached on them yet.
        var copies = history.Select(t => new ConversationTurn(t.Role, t.Text, t.AuthorName, t.At)).ToArray();
        return Builder(new CountingCounter { PerCharacter = perCharacter }, maxContext, maxAnswer, system).Build(copies, Turn(TurnRole.User, "again"));
    }

    private static PromptBuilder Builder(ITokenCounter counter, int maxContext = 100_000, int maxAnswer = 100, string? system = null) =>
        new(Options.Create(new ChatServiceOptions { MaxContextTokens = maxContext, MaxAnswerTokens = maxAnswer, SystemPrompt = system }), counter);

    private static ConversationTurn[] History(int exchanges) =>
        Enumerable.Range(0, exchanges)
            .SelectMany(i => new[] { new ConversationTurn(TurnRole.User, $"question number {i}", $"member{i}", At), Turn(TurnRole.Assistant, $"answer number {i}") })
            .ToArray();

    private static ConversationTurn Turn(TurnRole role, string text) => new(role, text, null, At);
}
