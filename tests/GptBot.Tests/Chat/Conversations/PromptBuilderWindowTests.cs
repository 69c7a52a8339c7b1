using GptBot.Chat;
using GptBot.Chat.Conversations;
using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using GptBot.Chat.Replies;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace GptBot.Tests.Chat.Conversations;

public sealed class PromptBuilderWindowTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>One token per character keeps the arithmetic of these tests readable.</summary>
    private sealed class CharacterCounter : ITokenCounter
    {
        public int CountTokens(string text) => text.Length;
    }

    [Fact]
    public void A_history_that_fits_is_sent_whole_between_the_system_prompt_and_the_new_prompt()
    {
        var builder = Builder(maxContext: 1000, maxAnswer: 100, system: "be brief");

        var messages = builder.Build(History(3, textLength: 10), Turn(TurnRole.User, "new"));

        Assert.Equal(ChatRole.System, messages[0].Role);
        Assert.Equal(8, messages.Count);
        Assert.Equal("new", messages[^1].Text);
    }

    [Fact]
    public void A_long_history_keeps_only_the_newest_whole_exchanges_that_fit_and_the_request_stays_within_the_window()
    {
        const int maxContext = 300;
        const int maxAnswer = 50;
        var builder = Builder(maxContext, maxAnswer, system: "system prompt");
        var history = History(20, textLength: 30);

        var messages = builder.Build(history, Turn(TurnRole.User, "the new question"));

        var cost = PromptBuilder.TokensPerRequest + messages.Sum(m => PromptBuilder.TokensPerMessage + m.Text.Length);
        Assert.True(cost <= maxContext - maxAnswer, $"request costs {cost} tokens");
        Assert.Equal(ChatRole.System, messages[0].Role);
        Assert.Equal(ChatRole.User, messages[1].Role); // never starts with an orphaned answer
        Assert.Equal(history[^1].Text, messages[^2].Text);
        Assert.Equal("the new question", messages[^1].Text);
        Assert.True(messages.Count < 42);
        // Adding the next older exchange would not have fitted.
        Assert.True(cost + (2 * (PromptBuilder.TokensPerMessage + 30)) > maxContext - maxAnswer);
    }

    [Fact]
    public void When_the_newest_answer_alone_does_not_fit_no_history_is_sent()
    {
        var builder = Builder(maxContext: 100, maxAnswer: 10);
        var history = new[] { Turn(TurnRole.User, "short"), Turn(TurnRole.Assistant, new string('x', 500)) };

        var messages = builder.Build(history, Turn(TurnRole.User, "next"));

        Assert.Single(messages);
    }

    [Fact]
    public void A_prompt_larger_than_the_window_is_refused_with_a_chat_text_instead_of_being_sent()
    {
        var builder = Builder(maxContext: 100, maxAnswer: 10);

        var error = Assert.Throws<ChatBackendException>(() => builder.Build([], Turn(TurnRole.User, new string('x', 200))));

        Assert.Equal(ChatFailureKind.PromptOverWindow, error.Failure.Kind);
        Assert.Equal(ChatTexts.PromptOverWindow, FailureTexts.For(error.Failure));
    }

    [Fact]
    public void The_approximate_counter_counts_about_one_token_per_chinese_character()
    {
        var counter = new ApproximateTokenCounter();

        Assert.Equal(4, counter.CountTokens("你好世界"));
        Assert.Equal(4, counter.CountTokens("hello world!"));
        Assert.Equal(0, counter.CountTokens(string.Empty));
    }

    private static PromptBuilder Builder(int maxContext, int maxAnswer, string? system = null) =>
        new(Options.Create(new ChatServiceOptions { MaxContextTokens = maxContext, MaxAnswerTokens = maxAnswer, SystemPrompt = system }), new CharacterCounter());

    private static ConversationTurn[] History(int exchanges, int textLength) =>
        Enumerable.Range(0, exchanges)
            .SelectMany(i => new[]
            {
                Turn(TurnRole.User, $"q{i:00}".PadRight(textLength, '.')),
                Turn(TurnRole.Assistant, $"a{i:00}".PadRight(textLength, '.')),
            })
            .ToArray();

    private static ConversationTurn Turn(TurnRole role, string text) => new(role, text, null, At);
}
