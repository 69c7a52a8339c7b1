namespace GptBot.Host.Personas;

/// <summary>Where the personas live (GPT_PERSONAS_DIR).</summary>
public sealed class PersonaOptions
{
    /// <summary>
    /// GPT_PERSONAS_DIR: the folder whose <c>*.md</c> and <c>*.txt</c> files are the personas, relative to the working
    /// directory as GPT_DATA_DIR is. Default <c>personas</c>; a missing folder means no personas.
    /// </summary>
    public string Directory { get; set; } = "personas";
}
