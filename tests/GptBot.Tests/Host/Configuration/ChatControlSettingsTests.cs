using GptBot.Chat.Settings;
using GptBot.Host.Configuration;
using GptBot.Host.Personas;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GptBot.Tests.Host.Configuration;

/// <summary>The per-chat control settings: defaults that keep an existing .env behaving as before, and bad values named.</summary>
[Trait("Category", "Unit")]
public sealed class ChatControlSettingsTests
{
    [Fact]
    public void Defaults_serve_every_chat_as_before_with_gpt_model_the_only_model()
    {
        var chat = Read([]).Chat;

        Assert.Empty(chat.AllowedGroups);
        Assert.Empty(chat.BlockedUsers);
        Assert.True(chat.PrivateChat);
        Assert.False(chat.GroupAdminControl);
        Assert.Equal(ContextScope.Group, chat.ContextScope);
        Assert.Equal(["gpt-4o-mini"], chat.AllowedModels);
        Assert.Equal(Path.Combine(BoundSettings.WorkingDirectory, "personas"), Personas([]).Directory);
    }

    [Fact]
    public void Every_setting_is_read_in_either_list_form()
    {
        var values = new Dictionary<string, string?>
        {
            ["GPT_MODEL"] = "deepseek-chat",
            ["GPT_MODELS"] = "[\"deepseek-chat\", \"deepseek-reasoner\"]",
            ["GPT_ALLOWED_GROUPS"] = "111,222",
            ["GPT_BLOCKED_USERS"] = "[333]",
            ["GPT_PRIVATE_CHAT"] = "false",
            ["GPT_GROUP_ADMIN_CONTROL"] = "true",
            ["GPT_CONTEXT_SCOPE"] = "Member",
            ["GPT_PERSONAS_DIR"] = "/srv/personas",
        };
        var chat = Read(values).Chat;

        Assert.Equal([111L, 222L], chat.AllowedGroups.Order());
        Assert.Equal([333L], chat.BlockedUsers);
        Assert.False(chat.PrivateChat);
        Assert.True(chat.GroupAdminControl);
        Assert.Equal(ContextScope.Member, chat.ContextScope);
        Assert.Equal("deepseek-chat", chat.DefaultModel);
        Assert.Equal(["deepseek-chat", "deepseek-reasoner"], chat.AllowedModels);
        Assert.Equal("/srv/personas", Personas(values).Directory);
    }

    [Theory]
    [InlineData("GPT_ALLOWED_GROUPS", "群1")]
    [InlineData("GPT_BLOCKED_USERS", "[\"x\"]")]
    [InlineData("GPT_PRIVATE_CHAT", "sometimes")]
    [InlineData("GPT_GROUP_ADMIN_CONTROL", "admins")]
    [InlineData("GPT_CONTEXT_SCOPE", "user")]
    [InlineData("GPT_MODELS", "[\"gpt 4\"]")]
    public void A_bad_value_names_its_setting(string key, string value)
    {
        var error = Assert.Throws<SettingsException>(() => Read(new() { [key] = value }));

        Assert.StartsWith(key + ":", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    private static BoundSettings Read(Dictionary<string, string?> values)
    {
        values["GPT_API_KEY"] = "sk-test";
        return BoundSettings.Read(values);
    }

    private static PersonaOptions Personas(Dictionary<string, string?> values)
    {
        values["GPT_API_KEY"] = "sk-test";
        using var services = BoundSettings.Services(new ConfigurationBuilder().AddInMemoryCollection(values).Build()).BuildServiceProvider();
        return services.GetRequiredService<IOptions<PersonaOptions>>().Value;
    }
}
