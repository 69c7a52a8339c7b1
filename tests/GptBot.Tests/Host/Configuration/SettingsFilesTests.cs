using System.Text.Json;
using System.Text.RegularExpressions;
using GptBot.Host.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace GptBot.Tests.Host.Configuration;

/// <summary>
/// The operator's references list exactly the settings the service reads: .env.example, the settings tables of
/// docs/CONFIGURATION.md (both languages) and, for the names it shows, appsettings.json.
/// </summary>
[Trait("Category", "Unit")]
public sealed class SettingsFilesTests
{
    /// <summary>
    /// Names in .env.example that GptBot does not read: deploy/docker-compose.yml takes them from the same .env for
    /// the NapCat container (its login account, WebUI password, file owner and time zone).
    /// </summary>
    private static readonly string[] ComposeOnly = ["NAPCAT_GID", "NAPCAT_UID", "NAPCAT_WEBUI_TOKEN", "QQ_ACCOUNT", "TZ"];

    [Fact]
    public void Env_example_lists_exactly_the_settings_the_service_reads()
    {
        var documented = EnvExampleKeys();

        Assert.Equal(Array.Empty<string>(), KeysRead().Except(documented).Order().ToArray());
        Assert.Equal(Array.Empty<string>(), documented.Except(KeysRead()).Order().ToArray());
    }

    [Theory]
    [InlineData("## 中文")]
    [InlineData("## English")]
    public void Configuration_md_lists_exactly_the_settings_of_env_example(string language)
    {
        var tabled = ConfigurationTableKeys(language);

        Assert.Equal(Array.Empty<string>(), EnvExampleKeys().Except(tabled).Order().ToArray());
        Assert.Equal(Array.Empty<string>(), tabled.Except(EnvExampleKeys()).Order().ToArray());
    }

    [Fact]
    public void Appsettings_sets_no_default_of_its_own()
    {
        using var document = JsonDocument.Parse(
            File.ReadAllText(Path.Combine(RepoRoot(), "appsettings.json")),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });

        // Each default lives once, in its options class: the file only shows them, commented out.
        Assert.Empty(document.RootElement.EnumerateObject());
    }

    [Fact]
    public void Appsettings_uses_known_flat_keys_and_holds_no_secrets()
    {
        var keys = KeysRead();
        var names = File.ReadAllLines(Path.Combine(RepoRoot(), "appsettings.json"))
            .Select(line => line.Trim().TrimStart('/').Trim())
            .Where(line => line.StartsWith('"') && line.IndexOf('"', 1) is > 1 and var end && line[(end + 1)..].TrimStart().StartsWith(':'))
            .Select(line => line[1..line.IndexOf('"', 1)])
            .ToArray();

        Assert.NotEmpty(names);
        Assert.Equal(Array.Empty<string>(), names.Where(name => !keys.Contains(name)).ToArray());
        Assert.DoesNotContain("GPT_API_KEY", names);
        Assert.DoesNotContain("GPT_SESSION_TOKEN", names);
        Assert.DoesNotContain("ONEBOT_ACCESS_TOKEN", names);
    }

    [Fact]
    public void Appsettings_and_a_seed_style_env_file_load_with_their_values()
    {
        var directory = Directory.CreateTempSubdirectory("gptbot-settings-");
        try
        {
            File.Copy(Path.Combine(RepoRoot(), "appsettings.json"), Path.Combine(directory.FullName, "appsettings.json"));
            File.WriteAllLines(Path.Combine(directory.FullName, ".env"),
            [
                "GPT_API_KEY=sk-from-env-file",
                "GPT_SUDOERS=[123, 456]",
                "COMMAND_START=[\"/\", \"\"]",
                "NICKNAME=[\"bot\"]",
                "GPT_TIMEOUT=7",
            ]);
            var builder = new ConfigurationBuilder().AddJsonFile(Path.Combine(directory.FullName, "appsettings.json"));
            DotEnvFiles.AddTo(builder, directory.FullName);

            var settings = BoundSettings.Read(builder.Build());

            Assert.Equal(["sk-from-env-file"], settings.Llm.ApiKeys);
            Assert.Equal([123L, 456L], settings.Chat.Sudoers.Order());
            Assert.Equal(["/", ""], settings.Chat.CommandStart);
            Assert.Equal(["bot"], settings.Hosting.Nicknames);
            Assert.Equal(TimeSpan.FromSeconds(7), settings.Chat.Timeout);
            Assert.Equal(TimeSpan.FromSeconds(5), settings.Chat.MinimalInterval);
            Assert.Equal(8080, settings.Hosting.Port);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Every NAME in .env.example, set (<c>NAME=...</c>) or shown commented out (<c># NAME=...</c>); prose lines do not count.</summary>
    private static HashSet<string> EnvExampleKeys() => File.ReadAllLines(Path.Combine(RepoRoot(), ".env.example"))
        .Select(line => Regex.Match(line, "^#? ?([A-Z][A-Z0-9_]*)="))
        .Where(match => match.Success)
        .Select(match => match.Groups[1].Value)
        .Except(ComposeOnly)
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The first cells of the settings table in one language's part of docs/CONFIGURATION.md: rows that start with a
    /// `NAME` in capitals. The other tables there start with something else.
    /// </summary>
    private static HashSet<string> ConfigurationTableKeys(string languageHeading)
    {
        var text = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "CONFIGURATION.md"));
        var start = text.IndexOf("\n" + languageHeading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/CONFIGURATION.md has no '{languageHeading}' part");
        var end = text.IndexOf("\n## ", start + languageHeading.Length + 1, StringComparison.Ordinal);
        var part = end < 0 ? text[start..] : text[start..end];
        return part.Split('\n')
            .Select(line => Regex.Match(line, @"^\| `([A-Z][A-Z0-9_]*)` \|"))
            .Where(match => match.Success)
            .Select(match => match.Groups[1].Value)
            .ToHashSet(StringComparer.Ordinal);
    }

    [Fact]
    public void Without_environment_dot_env_prod_is_loaded_over_dot_env_as_nonebot_does()
    {
        Assert.SkipWhen(Environment.GetEnvironmentVariable("ENVIRONMENT") is not null, "ENVIRONMENT is set in this test run");
        var directory = Directory.CreateTempSubdirectory("gptbot-settings-");
        try
        {
            File.WriteAllLines(Path.Combine(directory.FullName, ".env"), ["GPT_API_KEY=sk-from-env-file", "GPT_TIMEOUT=7"]);
            File.WriteAllLines(Path.Combine(directory.FullName, ".env.prod"), ["GPT_SUDOERS=[123, 456]", "GPT_TIMEOUT=9"]);
            File.WriteAllLines(Path.Combine(directory.FullName, ".env.dev"), ["GPT_TIMEOUT=11"]);
            var builder = new ConfigurationBuilder();
            DotEnvFiles.AddTo(builder, directory.FullName);

            var settings = BoundSettings.Read(builder.Build());

            Assert.Equal(["sk-from-env-file"], settings.Llm.ApiKeys);
            Assert.Equal([123L, 456L], settings.Chat.Sudoers.Order());
            Assert.Equal(TimeSpan.FromSeconds(9), settings.Chat.Timeout);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Environment_in_dot_env_picks_its_own_file_instead_of_dot_env_prod()
    {
        Assert.SkipWhen(Environment.GetEnvironmentVariable("ENVIRONMENT") is not null, "ENVIRONMENT is set in this test run");
        var directory = Directory.CreateTempSubdirectory("gptbot-settings-");
        try
        {
            File.WriteAllLines(Path.Combine(directory.FullName, ".env"), ["GPT_API_KEY=sk-from-env-file", "ENVIRONMENT=dev"]);
            File.WriteAllLines(Path.Combine(directory.FullName, ".env.prod"), ["GPT_TIMEOUT=9"]);
            File.WriteAllLines(Path.Combine(directory.FullName, ".env.dev"), ["GPT_TIMEOUT=11"]);
            var builder = new ConfigurationBuilder();
            DotEnvFiles.AddTo(builder, directory.FullName);

            Assert.Equal(TimeSpan.FromSeconds(11), BoundSettings.Read(builder.Build()).Chat.Timeout);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static HashSet<string> KeysRead()
    {
        var recorder = new RecordingConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["GPT_API_KEY"] = "sk-test" })
            .Build());
        GptBotOptions.Problems(recorder);

        // Read by the .env loader before any configuration exists (it picks the .env.{ENVIRONMENT} file), so no recorder sees it.
        recorder.Keys.Add("ENVIRONMENT");
        return recorder.Keys;
    }

    private static string RepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "GptBot.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("GptBot.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Remembers every top-level key the settings reader asks for.</summary>
    private sealed class RecordingConfiguration(IConfiguration inner) : IConfiguration
    {
        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);

        public string? this[string key]
        {
            get
            {
                Keys.Add(key);
                return inner[key];
            }

            set => inner[key] = value;
        }

        public IEnumerable<IConfigurationSection> GetChildren() => inner.GetChildren();

        public IChangeToken GetReloadToken() => inner.GetReloadToken();

        public IConfigurationSection GetSection(string key)
        {
            Keys.Add(key);
            return inner.GetSection(key);
        }
    }
}
