using System.Globalization;
using GptBot.Chat;
using GptBot.Chat.Conversations;
using GptBot.Chat.Model;
using Microsoft.Extensions.Options;

namespace GptBot.Benchmarks;

/// <summary>
/// Managed memory an idle conversation costs: fills the in-memory store GptBot uses with conversations that each hold
/// one exchange (as the load benchmark leaves them; an idle chat has no lane, so the store is all that remains) and
/// compares the live heap after a full GC. Reports the total and the part beyond the text strings themselves.
/// Run: dotnet run -c Release --project bench/GptBot.Benchmarks -- idle-memory
/// </summary>
public static class IdleConversationMemory
{
    private const int Conversations = 100_000;

    public static void Run()
    {
        var store = new InMemoryConversationStore(Options.Create(new ChatServiceOptions()));
        var at = DateTimeOffset.UtcNow;
        var texts = new List<(string User, string Author, string Answer)>(Conversations);
        for (var i = 0; i < Conversations; i++)
        {
            // The strings exist before the store sees them (they arrive with the message and the answer).
            var id = (100_000 + i).ToString(CultureInfo.InvariantCulture);
            texts.Add(("Q#" + id, "member" + (i % 97).ToString(CultureInfo.InvariantCulture), "A#" + id + " ok"));
        }

        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < Conversations; i++)
        {
            var (user, author, answer) = texts[i];
            store.AppendExchangeAsync(
                ConversationKey.Group(10_000, 100_000 + i),
                new ConversationTurn(TurnRole.User, user, author, at),
                new ConversationTurn(TurnRole.Assistant, answer, null, at),
                backendState: null,
                CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        var textBytes = texts.Average(t => StringBytes(t.User) + StringBytes(t.Author) + StringBytes(t.Answer));
        var perConversation = (after - before) / (double)Conversations;
        Console.WriteLine($"| idle conversations | {Conversations:N0} |");
        Console.WriteLine($"| store bytes per conversation (text strings excluded) | {perConversation:0} |");
        Console.WriteLine($"| its text (3 strings, object headers included) | {textBytes:0} |");
        Console.WriteLine($"| total per conversation | {perConversation + textBytes:0} |");
        GC.KeepAlive(store);
        GC.KeepAlive(texts);
    }

    /// <summary>A string object on 64-bit .NET: 20 bytes of header and length, 2 per char and the terminator, 8-aligned.</summary>
    private static int StringBytes(string text) => (20 + (2 * (text.Length + 1)) + 7) & ~7;
}
