using GptBot.IntegrationTests.Infrastructure;
using GptBot.Testing;

namespace GptBot.IntegrationTests.Persistence;

/// <summary>
/// Every private conversation is in the data directory: on a shared machine no other local user may read it. The
/// directory is the owner's alone (0700), the database files are read and written by the owner only (0600).
/// </summary>
[Trait("Category", "Integration")]
public sealed class FileModeTests
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Shared = OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private static readonly string[] DatabaseFiles = ["gptbot.db", "gptbot.db-wal", "gptbot.db-shm"];

    [Fact]
    public async Task A_new_data_directory_and_database_are_readable_by_the_owner_only()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("Unix file modes only");
            return;
        }
        var root = Directory.CreateTempSubdirectory("gptbot-modes-");
        try
        {
            var data = Path.Combine(root.FullName, "data");
            await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_DATA_DIR"] = data });
            await using var qq = await bot.ConnectAsync();
            await qq.SendPrivateMessageAsync(30003, "/gpt remember this");
            Assert.Equal("echo: remember this", await qq.NextSentTextAsync());

            Assert.Equal(OwnerOnlyDirectory, File.GetUnixFileMode(data));
            foreach (var file in DatabaseFiles)
            {
                Assert.Equal((file, OwnerOnlyFile), (file, File.GetUnixFileMode(Path.Combine(data, file))));
            }
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Wider_modes_left_by_an_earlier_version_are_tightened_at_start_with_a_log_line()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("Unix file modes only");
            return;
        }
        await using var llm = await FakeLlmServer.StartAsync();
        var data = Directory.CreateTempSubdirectory("gptbot-modes-").FullName;
        try
        {
            await using (var first = await GptBotProcess.StartAsync(TestSettings.For(llm.BaseUrl), data))
            {
                await using var qq = await first.ConnectAsync();
                await qq.SendPrivateMessageAsync(30003, "/gpt remember this");
                Assert.Equal("echo: remember this", await qq.NextSentTextAsync());
                await first.KillAsync();
            }

            // What the service before this change left behind: 0755 and 0644 under a usual umask.
            File.SetUnixFileMode(data, OwnerOnlyDirectory | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            foreach (var file in DatabaseFiles.Where(file => File.Exists(Path.Combine(data, file))))
            {
                File.SetUnixFileMode(Path.Combine(data, file), Shared);
            }

            await using var second = await GptBotProcess.StartAsync(TestSettings.For(llm.BaseUrl), data);
            var logged = await second.WaitForLineAsync(line => line.Contains("gptbot.db", StringComparison.Ordinal) && line.Contains("0600", StringComparison.Ordinal));

            Assert.Contains("[WRN]", logged, StringComparison.Ordinal);
            Assert.Equal(OwnerOnlyDirectory, File.GetUnixFileMode(data));
            foreach (var file in DatabaseFiles.Where(file => File.Exists(Path.Combine(data, file))))
            {
                Assert.Equal((file, OwnerOnlyFile), (file, File.GetUnixFileMode(Path.Combine(data, file))));
            }

            await using var again = await second.ConnectAsync();
            await again.SendPrivateMessageAsync(30003, "/gpt still there?");
            Assert.Equal("echo: still there?", await again.NextSentTextAsync());
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
