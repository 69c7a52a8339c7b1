using Microsoft.Playwright;

namespace GptBot.BrowserTests.Infrastructure;

/// <summary>
/// One headless Debian chromium for the whole run, driven by Playwright. Playwright cannot download its own browser
/// here, so it launches the system's (.ci/run installs the <c>chromium</c> package). Outside CI, a machine without it
/// skips these tests; in CI a missing browser fails them.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    /// <summary>Where Debian puts it; GPTBOT_CHROMIUM names another.</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("GPTBOT_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private static readonly string[] Args =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("chromium is not running");

    public bool Available => _browser is not null;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ExecutablePath) && Environment.GetEnvironmentVariable("CI") is null)
        {
            return;
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Args,
            Timeout = 60_000,
        });
    }

    /// <summary>A fresh browser profile (no cookies), Chinese first as a Chinese operator's browser would be.</summary>
    public async Task<IBrowserContext> NewContextAsync()
    {
        Assert.SkipUnless(Available, $"no chromium at {ExecutablePath} (apt-get install chromium, as .ci/run does)");
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "zh-CN",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(15_000);
        return context;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
