namespace GptBot.OneBot.Transport;

/// <summary>The X-Client-Role of a reverse connection; forward connections are always Universal.</summary>
public enum ClientRole
{
    Universal,
    Api,
    Event,
}

public static class ClientRoles
{
    /// <summary>Reads the header case-insensitively; a missing header means Universal, an unknown value is null.</summary>
    public static ClientRole? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return ClientRole.Universal;
        }

        return header.Trim().ToUpperInvariant() switch
        {
            "UNIVERSAL" => ClientRole.Universal,
            "API" => ClientRole.Api,
            "EVENT" => ClientRole.Event,
            _ => null,
        };
    }

    public static bool CarriesEvents(this ClientRole role) => role != ClientRole.Api;

    public static bool CarriesActions(this ClientRole role) => role != ClientRole.Event;
}
