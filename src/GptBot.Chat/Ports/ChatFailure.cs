namespace GptBot.Chat.Ports;

/// <summary>
/// One failed backend call: its <see cref="Kind"/>, what the provider said about it, and a detail for the log. It
/// carries no chat text on purpose: the domain words every kind itself.
/// </summary>
/// <param name="Kind">What went wrong.</param>
/// <param name="Detail">For the operator's log only; may hold provider text, never secrets.</param>
public sealed record ChatFailure(ChatFailureKind Kind, string Detail)
{
    /// <summary>The HTTP status the provider answered with, when there was one.</summary>
    public int? StatusCode { get; init; }

    /// <summary>
    /// The reason phrase of that status as the provider sent it, for the log only (the chat gets the standard phrase);
    /// null when it sent none.
    /// </summary>
    public string? ReasonPhrase { get; init; }

    /// <summary>The provider's own error code (<c>context_length_exceeded</c>, <c>token_expired</c>...), when it gave one.</summary>
    public string? ProviderCode { get; init; }
}
