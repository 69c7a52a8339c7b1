using GptBot.Chat.Settings;

namespace GptBot.Chat.Ports;

/// <summary>
/// The personas of GPT_PERSONAS_DIR (one <c>*.md</c> or <c>*.txt</c> file each), current with the folder without a
/// restart. The console writes through <see cref="SaveAsync"/>; chats pick one by name.
/// </summary>
public interface IPersonaCatalog
{
    /// <summary>Every persona, by name (ordinal, case-insensitive order).</summary>
    IReadOnlyList<Persona> List();

    /// <summary>The persona of that name (case-insensitive), or null.</summary>
    Persona? Find(string name);

    /// <summary>Creates or replaces a persona's file; the name must be a plain file name.</summary>
    Task SaveAsync(Persona persona, CancellationToken cancellationToken);
}
