using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GptBot.BrowserTests.Infrastructure;

/// <summary>What an operator does on the console, step by step, in the browser.</summary>
public static class ConsolePages
{
    /// <summary>Opens the console, is sent to the login page, logs in with <paramref name="token"/>.</summary>
    public static async Task<IPage> LogInAsync(IBrowserContext context, ConsoleBot bot, string token = ConsoleBot.Token)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(bot.Url("/admin"));
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/admin/login"));
        await page.FillAsync("#token", token);
        await page.ClickAsync("#login");
        return page;
    }

    /// <summary>
    /// Clicks a form's button and returns the HTTP status the form's POST got, once the page it answered with is shown
    /// (the current page is marked first, so its replacement is told apart even at the same address).
    /// </summary>
    public static async Task<int> SubmitAsync(IPage page, string button)
    {
        await page.EvaluateAsync("() => { document.body.dataset.replaced = 'no'; }");
        var response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync(button), response => response.Request.Method == "POST");
        await page.Locator("body:not([data-replaced])").WaitForAsync();
        return response.Status;
    }

    /// <summary>Sends <c>/gpt</c> in a group and waits for the bot's answer, so the chat exists.</summary>
    public static async Task<string> AskInGroupAsync(ConsoleBot bot, long groupId, string prompt)
    {
        await bot.Peer.SendGroupMessageAsync(groupId, 30003, "/gpt " + prompt);
        return await bot.Peer.NextSentTextAsync(TimeSpan.FromSeconds(15));
    }
}
