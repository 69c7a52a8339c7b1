namespace GptBot.Testing;

/// <summary>How a QQ implementation dials the bot's reverse WebSocket: its headers and its message format.</summary>
public sealed record OneBotPersona(string Name, string? Role, Func<string?, string?> Authorization, bool StringFormat)
{
    /// <summary>go-cqhttp: <c>Token &lt;tok&gt;</c> only when a token is set; string-format messages.</summary>
    public static readonly OneBotPersona GoCqhttp = new("go-cqhttp", "Universal", token => string.IsNullOrEmpty(token) ? null : "Token " + token, StringFormat: true);

    /// <summary>NapCat: always <c>Bearer {token}</c> (an empty <c>Bearer </c> with no token), lower-case role header; arrays.</summary>
    public static readonly OneBotPersona NapCat = new("NapCat", "Universal", token => "Bearer " + token, StringFormat: false);

    /// <summary>Lagrange.OneBot in split mode: role <c>Api</c> spelled its way; arrays.</summary>
    public static readonly OneBotPersona LagrangeApi = new("Lagrange", "Api", token => "Bearer " + token, StringFormat: false);

    public static readonly OneBotPersona LagrangeEvent = new("Lagrange", "Event", token => "Bearer " + token, StringFormat: false);

    public static readonly OneBotPersona Lagrange = new("Lagrange", "Universal", token => "Bearer " + token, StringFormat: false);
}
