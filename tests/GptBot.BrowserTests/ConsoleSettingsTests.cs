using System.Text.RegularExpressions;
using GptBot.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace GptBot.BrowserTests;

/// <summary>
/// What the operator changes in the console reaches the chat: a persona added and picked for a chat, a model, a
/// blocked user; and the usage page counts what the chat spent.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ConsoleSettingsTests(Chromium chromium)
{
    private const string PoetPrompt = "你是一位诗人，只用七言绝句回答。";

    [Fact]
    public async Task A_persona_added_and_picked_for_a_chat_in_the_console_is_the_next_requests_system_prompt()
    {
        await using var bot = await ConsoleBot.StartAsync(new Dictionary<string, string?>
        {
            ["GPT_SYSTEM_PROMPT"] = "你是一个助手。",
            ["GPT_MODELS"] = "fake-model,fake-model-large",
        });
        await ConsolePages.AskInGroupAsync(bot, 20002, "第一句");
        Assert.Equal("你是一个助手。", SystemPrompt(bot.Llm.Requests.Last()));
        await using var context = await chromium.NewContextAsync();
        var page = await ConsolePages.LogInAsync(context, bot);

        await page.ClickAsync("header nav >> text=人设");
        await page.FillAsync("#persona-name", "poet");
        await page.FillAsync("#persona-prompt", PoetPrompt);
        await page.ClickAsync("#save-persona");
        await Expect(page.Locator("#personas tr.persona")).ToContainTextAsync("poet");

        await page.ClickAsync("header nav >> text=会话");
        await page.ClickAsync("#chats >> text=20002");
        await page.SelectOptionAsync("#persona", "poet");
        await page.SelectOptionAsync("#model", "fake-model-large");
        await page.ClickAsync("#save-settings");
        await Expect(page.Locator("#notice")).ToHaveTextAsync("已保存。");
        await Expect(page.Locator("#persona")).ToHaveValueAsync("poet");
        await page.ClickAsync("header nav >> text=会话");
        await Expect(page.Locator("#chats tr.chat td.settings")).ToContainTextAsync("人设 poet");

        await ConsolePages.AskInGroupAsync(bot, 20002, "写一首诗");

        var request = bot.Llm.Requests.Last();
        Assert.Equal(PoetPrompt, SystemPrompt(request));
        Assert.Equal("fake-model-large", request.Body.GetProperty("model").GetString());

        // Back to the global prompt, from the same form.
        await page.ClickAsync("#chats >> text=20002");
        await page.SelectOptionAsync("#persona", string.Empty);
        await page.ClickAsync("#save-settings");
        await Expect(page.Locator("#notice")).ToHaveTextAsync("已保存。");
        await ConsolePages.AskInGroupAsync(bot, 20002, "还是诗人吗");
        Assert.Equal("你是一个助手。", SystemPrompt(bot.Llm.Requests.Last()));
    }

    [Fact]
    public async Task A_user_blocked_in_the_console_is_ignored_until_unblocked_and_the_usage_page_counts_the_chat()
    {
        await using var bot = await ConsoleBot.StartAsync();
        await ConsolePages.AskInGroupAsync(bot, 20002, "你好");
        await using var context = await chromium.NewContextAsync();
        var page = await ConsolePages.LogInAsync(context, bot);

        await page.ClickAsync("header nav >> text=屏蔽用户");
        await page.FillAsync("#block-user", "30004");
        await page.ClickAsync("#block");
        await Expect(page.Locator("#blocked tr.blocked-user")).ToHaveTextAsync(new Regex("30004"));

        // The blocked member speaks first, then another: in one group's lane, the next request the LLM gets is the other's.
        await bot.Peer.SendGroupMessageAsync(20002, 30004, "/gpt 我被屏蔽了吗");
        await bot.Peer.SendGroupMessageAsync(20002, 30005, "/gpt 我没有");
        await bot.Peer.NextSentTextAsync(TimeSpan.FromSeconds(15));
        Assert.EndsWith("我没有", bot.Llm.Requests.Last().LastUserContent, StringComparison.Ordinal);

        await page.ClickAsync("#blocked tr.blocked-user >> text=解除屏蔽");
        await Expect(page.Locator("#blocked")).ToHaveCountAsync(0);
        await bot.Peer.SendGroupMessageAsync(20002, 30004, "/gpt 现在呢");
        await bot.Peer.NextSentTextAsync(TimeSpan.FromSeconds(15));
        Assert.EndsWith("现在呢", bot.Llm.Requests.Last().LastUserContent, StringComparison.Ordinal);

        await page.ClickAsync("header nav >> text=今日用量");
        await Expect(page.Locator("#usage-chats tr.usage-chat")).ToContainTextAsync("20002");
        await Expect(page.Locator("#usage-users")).ToContainTextAsync("30004");
        await page.ClickAsync("header nav >> text=总览");
        await Expect(page.Locator("#tokens .big")).Not.ToHaveTextAsync("0");

    }

    private static string? SystemPrompt(GptBot.Testing.FakeLlmRequest request) =>
        request.Messages.FirstOrDefault(message => message.Role == "system").Content;
}
