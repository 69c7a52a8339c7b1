using System.Text.RegularExpressions;
using GptBot.BrowserTests.Infrastructure;
using GptBot.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GptBot.BrowserTests;

/// <summary>What the operator sees once logged in: the connected bot, the chats, a chat's history and its reset.</summary>
[Trait("Category", "Browser")]
public sealed class ConsoleDashboardTests(Chromium chromium)
{
    [Fact]
    public async Task The_dashboard_shows_the_connected_bot_and_the_chats_list_the_chat_after_a_gpt()
    {
        await using var bot = await ConsoleBot.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            await ConsolePages.AskInGroupAsync(bot, 20002, "你好 " + i);
        }

        await using var context = await chromium.NewContextAsync();
        var page = await ConsolePages.LogInAsync(context, bot);

        var row = page.Locator("#bots tr.bot");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("10001");
        await Expect(row).ToContainTextAsync("NapCat/fake");
        await Expect(row).ToContainTextAsync("Universal");

        // The service's own counters, read in-process: three answers, the LLM asked three times, the circuit closed.
        await Expect(page.Locator("#outcomes")).ToContainTextAsync(new Regex(@"已回答\s*3"));
        // One bar and one point, or two when the answers straddled a minute.
        Assert.InRange(await page.Locator("#answers svg rect.bar").CountAsync(), 1, 2);
        Assert.InRange(await page.Locator("#latency svg circle.dot").CountAsync(), 1, 2);
        await Expect(page.Locator("#circuit")).ToContainTextAsync("关闭（正常）");
        await SaveScreenshotAsync(page);

        await page.ClickAsync("header nav >> text=会话");
        var chat = page.Locator("#chats tr.chat");
        await Expect(chat).ToHaveCountAsync(1);
        await Expect(chat).ToContainTextAsync("20002");
        await Expect(chat).ToContainTextAsync("群聊");
        await Expect(chat.Locator("td.num")).ToHaveTextAsync("6");

        await page.FillAsync("#search", "99999");
        await page.ClickAsync("form >> text=搜索");
        await Expect(page.Locator("#chats tr.chat")).ToHaveCountAsync(0);
        await page.FillAsync("#search", "2000");
        await page.ClickAsync("form >> text=搜索");
        await Expect(page.Locator("#chats tr.chat")).ToHaveCountAsync(1);

        await page.ClickAsync("#chats >> text=20002");
        await Expect(page.Locator("#history")).ToContainTextAsync("你好 2");
        await Expect(page.Locator("#history")).ToContainTextAsync("echo: ");
    }

    [Fact]
    public async Task Reset_forgets_the_chat_and_a_post_without_the_form_token_is_refused()
    {
        await using var bot = await ConsoleBot.StartAsync();
        await ConsolePages.AskInGroupAsync(bot, 20002, "记住这句话");
        await using var context = await chromium.NewContextAsync();
        var page = await ConsolePages.LogInAsync(context, bot);
        await page.GotoAsync(bot.Url("/admin/chat?key=10001:group:20002"));
        await Expect(page.Locator("#history")).ToContainTextAsync("记住这句话");

        // The same form, its anti-forgery token taken out, as a forged cross-site post would arrive.
        await page.EvalOnSelectorAsync("#history form input[name=__RequestVerificationToken]", "input => input.remove()");
        Assert.Equal(400, await ConsolePages.SubmitAsync(page, "#reset"));
        await page.GotoAsync(bot.Url("/admin/chat?key=10001:group:20002"));
        await Expect(page.Locator("#history")).ToContainTextAsync("记住这句话");

        await page.ClickAsync("#reset");
        await Expect(page.Locator("#notice")).ToHaveTextAsync("上下文已重置。");
        await Expect(page.Locator("#history")).Not.ToContainTextAsync("记住这句话");

        // The bot agrees: the next /gpt carries no history.
        await ConsolePages.AskInGroupAsync(bot, 20002, "还记得吗");
        var request = bot.Llm.Requests.Last();
        Assert.DoesNotContain(request.Messages, message => message.Content.Contains("记住这句话", StringComparison.Ordinal));
    }

    /// <summary>The README's picture of the console: the dashboard as the test saw it.</summary>
    private static async Task SaveScreenshotAsync(IPage page)
    {
        var path = Path.Combine(GptBotProcess.RepositoryRoot(), "docs", "images", "console-dashboard.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 10_000, "the screenshot is not an empty page");
        Assert.Matches(new Regex("^/admin$"), new Uri(page.Url).AbsolutePath);
    }
}
