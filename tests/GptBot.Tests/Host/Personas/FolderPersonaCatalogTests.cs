using GptBot.Chat.Settings;
using GptBot.Host.Personas;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GptBot.Tests.Host.Personas;

/// <summary>The persona folder as chats see it: which files are personas, what a bad file does, and how a save lands.</summary>
[Trait("Category", "Unit")]
public sealed class FolderPersonaCatalogTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gptbot-personas", Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Every_md_and_txt_file_is_a_persona_named_after_it_and_other_files_are_not()
    {
        Write("cat.md", "  你是一只猫。\n");
        Write("Dog.txt", "你是一只狗。");
        Write("notes.json", "{}");
        Write(".hidden.md", "secret");
        Write("empty.md", "   ");
        Write("huge.md", new string('x', FolderPersonaCatalog.MaxFileBytes + 1));
        Write("default.md", "not a persona: default means the global prompt");
        using var catalog = Open();

        Assert.Equal(["cat", "Dog"], catalog.List().Select(p => p.Name));
        Assert.Equal(new Persona("cat", "你是一只猫。"), catalog.Find("CAT"));
        Assert.Equal("你是一只狗。", catalog.Find("dog")?.Prompt);
        Assert.Null(catalog.Find("notes"));
        Assert.Null(catalog.Find("huge"));
    }

    [Fact]
    public void A_missing_folder_means_no_personas_until_it_appears()
    {
        using var catalog = Open();
        Assert.Empty(catalog.List());

        Write("owl.md", "你是一只猫头鹰。");
        _time.Advance(FolderPersonaCatalog.RescanPeriod);

        Assert.Equal("你是一只猫头鹰。", catalog.Find("owl")?.Prompt);
    }

    [Fact]
    public void The_periodic_rescan_sees_changed_and_deleted_files()
    {
        Write("cat.md", "旧的");
        Write("dog.md", "狗");
        using var catalog = Open();

        Write("cat.md", "新的，更长的提示词");
        File.Delete(Path.Combine(_directory, "dog.md"));
        _time.Advance(FolderPersonaCatalog.RescanPeriod);

        Assert.Equal("新的，更长的提示词", catalog.Find("cat")?.Prompt);
        Assert.Null(catalog.Find("dog"));
    }

    [Fact]
    public async Task Save_writes_the_file_whole_and_the_persona_is_there_at_once()
    {
        Write("cat.txt", "旧的");
        using var catalog = Open();

        await catalog.SaveAsync(new Persona("cat", "新的"), CancellationToken.None);
        await catalog.SaveAsync(new Persona("fox", "你是一只狐狸。"), CancellationToken.None);

        Assert.Equal("新的", File.ReadAllText(Path.Combine(_directory, "cat.txt")));
        Assert.Equal("你是一只狐狸。", File.ReadAllText(Path.Combine(_directory, "fox.md")));
        Assert.Equal("你是一只狐狸。", catalog.Find("fox")?.Prompt);
        Assert.Equal(["cat.txt", "fox.md"], Directory.GetFiles(_directory).Select(Path.GetFileName).Order());
    }

    [Theory]
    [InlineData("../evil")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("..")]
    [InlineData(".hidden")]
    [InlineData("two words")]
    [InlineData("")]
    [InlineData("default")]
    public async Task Save_refuses_a_name_that_is_not_a_plain_file_name(string name)
    {
        using var catalog = Open();

        await Assert.ThrowsAsync<ArgumentException>(() => catalog.SaveAsync(new Persona(name, "x"), CancellationToken.None));

        Assert.False(Directory.Exists(_directory) && Directory.EnumerateFileSystemEntries(_directory).Any());
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private FolderPersonaCatalog Open()
    {
        var catalog = new FolderPersonaCatalog(Options.Create(new PersonaOptions { Directory = _directory }), _time, NullLogger<FolderPersonaCatalog>.Instance);
        catalog.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        return catalog;
    }

    private void Write(string file, string text)
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(Path.Combine(_directory, file), text);
    }
}
