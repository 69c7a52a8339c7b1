using System.Diagnostics;

namespace GptBot.IntegrationTests.Infrastructure;

/// <summary>Waits for a state that no event announces (e.g. a connection forgotten, a request queued), failing after 10 s.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what = "condition", TimeSpan? within = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < (within ?? TimeSpan.FromSeconds(10)), $"{what} not met in time");
            await Task.Delay(10);
        }
    }
}
