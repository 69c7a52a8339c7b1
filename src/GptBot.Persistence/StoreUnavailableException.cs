namespace GptBot.Persistence;

/// <summary>The conversation database cannot be opened (bad GPT_DATA_DIR, unreadable or foreign file). The message says which and why.</summary>
public sealed class StoreUnavailableException(string message, Exception innerException) : Exception(message, innerException);
