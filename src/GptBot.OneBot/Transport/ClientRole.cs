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

    /// <summary>The role as X-Client-Role spells it (Universal, API, Event), for messages an operator reads.</summary>
    public static string HeaderName(this ClientRole role) => role == ClientRole.Api ? "API" : role.ToString();

    public static bool CarriesEvents(this ClientRole role) => role != ClientRole.Api;

    public static bool CarriesActions(this ClientRole role) => role != ClientRole.Event;
}
