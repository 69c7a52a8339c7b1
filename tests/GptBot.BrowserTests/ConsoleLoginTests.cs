using System.Text.RegularExpressions;
using GptBot.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace GptBot.BrowserTests;

/// <summary>Getting into the console, and being kept out of it, in a real browser.</summary>
[Trait("Category", "Browser")]
public sealed class ConsoleLoginTests(Chromium chromium)
{
    [Fact]
    public async Task A_wrong_token_is_refused_and_guessing_is_throttled()
    {
        await using var bot = await ConsoleBot.StartAsync();
        await using var context = await chromium.NewContextAsync();

        var page = await ConsolePages.LogInAsync(context, bot, token: "not-the-token-at-all");

        await Expect(page.Locator("#login-error")).ToHaveTextAsync("令牌不对。");
        await page.GotoAsync(bot.Url("/admin"));
        await Expect(page).ToHaveURLAsync(new Regex("/admin/login"));
        for (var attempt = 2; attempt <= 5; attempt++)
        {
            await page.FillAsync("#token", "wrong-again-" + attempt);
            Assert.Equal(401, await ConsolePages.SubmitAsync(page, "#login"));
        }

        // The sixth try within the minute is refused before the token is even looked at, the right one included.
        await page.FillAsync("#token", ConsoleBot.Token);
        Assert.Equal(429, await ConsolePages.SubmitAsync(page, "#login"));
        await Expect(page.Locator("#login-error")).ToContainTextAsync("错误次数太多");
        Assert.DoesNotContain(ConsoleBot.SelfId.ToString(System.Globalization.CultureInfo.InvariantCulture), await page.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_right_token_logs_in_and_logging_out_ends_the_session()
    {
        await using var bot = await ConsoleBot.StartAsync();
        await using var context = await chromium.NewContextAsync();

        var page = await ConsolePages.LogInAsync(context, bot);
        await Expect(page.Locator("h1")).ToHaveTextAsync("总览");
        await page.ClickAsync("#logout");
        await Expect(page).ToHaveURLAsync(new Regex("/admin/login"));
        await page.GotoAsync(bot.Url("/admin/chats"));

        await Expect(page).ToHaveURLAsync(new Regex("/admin/login"));
    }

    [Fact]
    public async Task The_english_switch_changes_every_page_and_is_remembered()
    {
        await using var bot = await ConsoleBot.StartAsync();
        await using var context = await chromium.NewContextAsync();
        var page = await ConsolePages.LogInAsync(context, bot);
        await Expect(page.Locator("h1")).ToHaveTextAsync("总览");

        await page.ClickAsync("#language");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Dashboard");
        await Expect(page.Locator("#bots h2")).ToHaveTextAsync("Connected bots");
        await page.GotoAsync(bot.Url("/admin/chats"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Chats");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        await page.ClickAsync("#language");
        await Expect(page.Locator("h1")).ToHaveTextAsync("会话");
    }
}
