using System.Net;
using System.Text.Json;
using GptBot.IntegrationTests.Infrastructure;

namespace GptBot.IntegrationTests.Host;

/// <summary>/healthz answers anyone, so it tells only whether the service is up and how many bots are connected.</summary>
[Trait("Category", "Integration")]
public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Healthz_reports_the_status_and_a_count_of_bots_but_no_qq_numbers()
    {
        await using var bot = await TestBot.StartAsync();
        await using var first = await bot.ConnectAsync(10001);
        await using var second = await bot.ConnectAsync(10002);
        await first.SendPrivateMessageAsync(30003, "/gpt one");
        await second.SendPrivateMessageAsync(30003, "/gpt two");
        await first.NextSentTextAsync();
        await second.NextSentTextAsync();
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{bot.Port}/healthz"), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("ok", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("bots").GetInt32());
        Assert.DoesNotContain("10001", body, StringComparison.Ordinal);
        Assert.DoesNotContain("10002", body, StringComparison.Ordinal);
    }
}
