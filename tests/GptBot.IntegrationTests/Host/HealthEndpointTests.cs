using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using GptBot.IntegrationTests.Infrastructure;
using GptBot.Testing;

namespace GptBot.IntegrationTests.Host;

/// <summary>
/// /healthz answers anyone, so without the admin token it tells only the status and the version. Ready means the store
/// takes writes, the LLM circuit is closed and a bot is connected; live means the process serves.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HealthEndpointTests
{
    private const string AdminToken = "admin-token-for-health";

    [Fact]
    public async Task Ready_is_unhealthy_until_a_bot_connects_while_live_stays_healthy()
    {
        await using var bot = await TestBot.StartAsync();
        using var http = new HttpClient();

        var (noBotStatus, noBot) = await GetAsync(http, bot.Port, "/healthz");
        var (liveStatus, live) = await GetAsync(http, bot.Port, "/healthz/live");
        await using var qq = await bot.ConnectAsync(10001);
        var (readyStatus, ready) = await GetAsync(http, bot.Port, "/healthz/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, noBotStatus);
        Assert.Equal("Unhealthy", noBot.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, liveStatus);
        Assert.Equal("Healthy", live.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, readyStatus);
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Without_the_admin_token_it_shows_the_status_and_version_alone()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_ADMIN_TOKEN"] = AdminToken });
        await using var first = await bot.ConnectAsync(10001);
        await using var second = await bot.ConnectAsync(10002);
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{bot.Port}/healthz"), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(["status", "version"], json.RootElement.EnumerateObject().Select(property => property.Name));
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        Assert.DoesNotContain("10001", body, StringComparison.Ordinal);
        Assert.DoesNotContain("10002", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_admin_token_it_names_each_check_and_the_connected_bots()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_ADMIN_TOKEN"] = AdminToken });
        await using var first = await bot.ConnectAsync(10001);
        await using var second = await bot.ConnectAsync(10002);
        using var http = new HttpClient();

        var (status, health) = await GetAsync(http, bot.Port, "/healthz", AdminToken);

        Assert.Equal(HttpStatusCode.OK, status);
        var checks = health.GetProperty("checks");
        Assert.Equal(["store", "llm", "bots"], checks.EnumerateObject().Select(check => check.Name));
        Assert.All(checks.EnumerateObject(), check => Assert.Equal("Healthy", check.Value.GetProperty("status").GetString()));
        Assert.Equal([10001L, 10002L], checks.GetProperty("bots").GetProperty("self_ids").EnumerateArray().Select(id => id.GetInt64()));
    }

    [Fact]
    public async Task Ready_turns_unhealthy_when_the_llm_circuit_opens()
    {
        // Two failed requests from two different chats are the breaker's minimum sample.
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_RETRY_COUNT"] = "0", ["GPT_ADMIN_TOKEN"] = AdminToken });
        bot.Llm.Faults = _ => LlmFault.ServerError;
        await using var qq = await bot.ConnectAsync();
        using var http = new HttpClient();
        var (before, _) = await GetAsync(http, bot.Port, "/healthz/ready");

        await qq.SendGroupMessageAsync(20001, 30003, "/gpt one");
        await qq.NextSentTextAsync();
        await qq.SendGroupMessageAsync(20002, 30004, "/gpt two");
        await qq.NextSentTextAsync();
        var (after, health) = await GetAsync(http, bot.Port, "/healthz/ready", AdminToken);
        var (live, _) = await GetAsync(http, bot.Port, "/healthz/live");

        Assert.Equal(HttpStatusCode.OK, before);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, after);
        Assert.Equal("Unhealthy", health.GetProperty("checks").GetProperty("llm").GetProperty("status").GetString());
        Assert.Equal("Healthy", health.GetProperty("checks").GetProperty("bots").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, live);
    }

    [Fact]
    public async Task Ready_turns_unhealthy_when_the_conversation_file_cannot_be_written()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_ADMIN_TOKEN"] = AdminToken });
        await using var qq = await bot.ConnectAsync();
        using var http = new HttpClient();
        var (before, _) = await GetAsync(http, bot.Port, "/healthz/ready");

        // Another process holding the write lock is what a stuck backup or a second instance on the same file does.
        await using var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(bot.DataDirectory, "gptbot.db")};Pooling=False");
        await other.OpenAsync(TestContext.Current.CancellationToken);
        using (var pragma = other.CreateCommand())
        {
            pragma.CommandText = "PRAGMA busy_timeout=0; BEGIN EXCLUSIVE;";
            await pragma.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var (locked, health) = await GetAsync(http, bot.Port, "/healthz/ready", AdminToken);

        Assert.Equal(HttpStatusCode.OK, before);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, locked);
        Assert.Equal("Unhealthy", health.GetProperty("checks").GetProperty("store").GetProperty("status").GetString());
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient http, int port, string path, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{port}{path}"));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response.StatusCode, JsonDocument.Parse(body).RootElement.Clone());
    }
}
