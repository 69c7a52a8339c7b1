using System.Threading.Channels;

namespace GptBot.Testing;

/// <summary>How the fakes hand what they received to a test: wait for it with a timeout, and fail saying what did not come.</summary>
internal static class ChannelWaits
{
    /// <summary>The next item, or a <see cref="TimeoutException"/> with <paramref name="missing"/>'s text after <paramref name="timeout"/> (10 s by default).</summary>
    public static async Task<T> NextAsync<T>(this ChannelReader<T> reader, TimeSpan? timeout, Func<string> missing)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        try
        {
            return await reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException(missing());
        }
    }

    /// <summary>True if an item is waiting or arrives within <paramref name="within"/>; it stays for the next read.</summary>
    public static async Task<bool> ReceivesWithinAsync<T>(this ChannelReader<T> reader, TimeSpan within)
    {
        using var cts = new CancellationTokenSource(within);
        try
        {
            return await reader.WaitToReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
