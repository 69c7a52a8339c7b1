using GptBot.Chat.Ports;

namespace GptBot.Chat.Settings;

/// <summary>No personas: the chat domain's default until the host brings the persona folder.</summary>
public sealed class NoPersonaCatalog : IPersonaCatalog
{
    public IReadOnlyList<Persona> List() => [];

    public Persona? Find(string name) => null;

    public Task SaveAsync(Persona persona, CancellationToken cancellationToken) =>
        throw new NotSupportedException("no persona folder is configured");
}
