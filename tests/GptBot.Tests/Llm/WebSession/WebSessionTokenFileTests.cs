using GptBot.Llm.WebSession;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace GptBot.Tests.Llm.WebSession;

public sealed class WebSessionTokenFileTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gptbot-unit", Guid.NewGuid().ToString("N"));

    private string FilePath => Path.Combine(_directory, "data", WebSessionTokenFile.FileName);

    [Fact]
    public void Without_a_file_the_configured_token_is_used() =>
        Assert.Equal("from-env", NewFile().ChooseStartToken("from-env"));

    [Fact]
    public async Task A_token_rotated_from_the_configured_one_wins_after_a_restart()
    {
        await NewFile().SaveAsync("rotated", "from-env", TestContext.Current.CancellationToken);

        Assert.Equal("rotated", NewFile().ChooseStartToken("from-env"));
        Assert.Equal("rotated", NewFile().ChooseStartToken(null));
    }

    [Fact]
    public async Task A_new_token_in_the_configuration_wins_over_the_saved_one()
    {
        await NewFile().SaveAsync("rotated", "old-env", TestContext.Current.CancellationToken);

        Assert.Equal("new-env", NewFile().ChooseStartToken("new-env"));
    }

    [Fact]
    public async Task The_file_is_replaced_whole_and_readable_by_the_owner_only()
    {
        var file = NewFile();
        await file.SaveAsync("first", "env", TestContext.Current.CancellationToken);
        await file.SaveAsync("second", "env", TestContext.Current.CancellationToken);

        Assert.Equal("second", NewFile().ChooseStartToken("env"));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(FilePath)!));
        Assert.DoesNotContain("\"env\"", await File.ReadAllTextAsync(FilePath, TestContext.Current.CancellationToken), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(FilePath));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("{broken")]
    [InlineData("{\"session_token\":\"\"}")]
    [InlineData("[]")]
    public async Task A_broken_file_falls_back_to_the_configured_token(string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        await File.WriteAllTextAsync(FilePath, content, TestContext.Current.CancellationToken);

        Assert.Equal("from-env", NewFile().ChooseStartToken("from-env"));
    }

    [Fact]
    public async Task A_new_data_directory_for_the_token_is_the_owners_alone()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("Unix file modes only");
            return;
        }

        await NewFile().SaveAsync("rotated", "env", TestContext.Current.CancellationToken);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(FilePath)!));
    }

    [Fact]
    public async Task A_token_file_readable_by_others_is_tightened_at_start_and_logged()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("Unix file modes only");
            return;
        }
        await NewFile().SaveAsync("rotated", "env", TestContext.Current.CancellationToken);
        File.SetUnixFileMode(FilePath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var log = new FakeLogger<WebSessionTokenFile>();

        Assert.Equal("rotated", new WebSessionTokenFile(FilePath, new FakeTimeProvider(), log).ChooseStartToken("env"));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(FilePath));
        var warning = Assert.Single(log.Collector.GetSnapshot(), record => record.Level == LogLevel.Warning);
        Assert.Contains(WebSessionTokenFile.FileName, warning.Message, StringComparison.Ordinal);
        Assert.Contains("0644", warning.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private WebSessionTokenFile NewFile() => new(FilePath, new FakeTimeProvider(), NullLogger<WebSessionTokenFile>.Instance);
}
