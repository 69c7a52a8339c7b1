using System.Net;

namespace GptBot.Admin.Security;

/// <summary>
/// Slows down guessing the admin token: after <see cref="MaxFailures"/> wrong tokens from one address within a minute,
/// that address gets 429 for the rest of the minute, right token or not. Memory stays bounded whatever the number of
/// addresses: the oldest windows are dropped first.
/// </summary>
public sealed class LoginThrottle(TimeProvider timeProvider)
{
    public const int MaxFailures = 5;

    private const int MaxAddresses = 10_000;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly Dictionary<IPAddress, Failures> _failures = [];
    private readonly Lock _lock = new();

    /// <summary>Whether this address has used up its attempts; if so, how long until it may try again.</summary>
    public bool IsLocked(IPAddress? address, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        var now = timeProvider.GetUtcNow();
        lock (_lock)
        {
            if (!_failures.TryGetValue(Normalize(address), out var failures) || now - failures.Since >= Window)
            {
                return false;
            }

            retryAfter = failures.Since + Window - now;
            return failures.Count >= MaxFailures;
        }
    }

    /// <summary>Counts one wrong token from this address.</summary>
    public void RecordFailure(IPAddress? address)
    {
        var now = timeProvider.GetUtcNow();
        var key = Normalize(address);
        lock (_lock)
        {
            if (_failures.TryGetValue(key, out var failures) && now - failures.Since < Window)
            {
                _failures[key] = failures with { Count = failures.Count + 1 };
                return;
            }

            if (_failures.Count >= MaxAddresses)
            {
                Prune(now);
            }

            _failures[key] = new Failures(now, 1);
        }
    }

    /// <summary>Forgets expired windows, and the oldest ones if that is not enough.</summary>
    private void Prune(DateTimeOffset now)
    {
        foreach (var (address, failures) in _failures)
        {
            if (now - failures.Since >= Window)
            {
                _failures.Remove(address);
            }
        }

        if (_failures.Count >= MaxAddresses)
        {
            foreach (var address in _failures.OrderBy(pair => pair.Value.Since).Take(_failures.Count - (MaxAddresses / 2)).Select(pair => pair.Key).ToArray())
            {
                _failures.Remove(address);
            }
        }
    }

    // An IPv4 client seen through a dual-stack socket is the same client as over IPv4.
    private static IPAddress Normalize(IPAddress? address) =>
        address is null ? IPAddress.None : address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private readonly record struct Failures(DateTimeOffset Since, int Count);
}
