using GptBot.Host.Personas;

namespace GptBot.Host.Configuration;

/// <summary>GPT_PERSONAS_DIR onto <see cref="PersonaOptions"/>.</summary>
internal static class PersonaSettings
{
    public static FlatSection<PersonaOptions> Section { get; } = new FlatSection<PersonaOptions>()
        .Add(FlatSetting.Text("GPT_PERSONAS_DIR"), o => o.Directory, (o, v) => o.Directory = v);
}
