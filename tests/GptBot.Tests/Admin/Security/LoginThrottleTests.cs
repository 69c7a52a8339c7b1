using System.Net;
using GptBot.Admin.Security;
using Microsoft.Extensions.Time.Testing;

namespace GptBot.Tests.Admin.Security;

[Trait("Category", "Unit")]
public sealed class LoginThrottleTests
{
    private static readonly IPAddress Guesser = IPAddress.Parse("203.0.113.7");
    private static readonly IPAddress Operator = IPAddress.Parse("198.51.100.2");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Five_wrong_tokens_in_a_minute_lock_that_address_for_the_rest_of_the_minute_only()
    {
        var throttle = new LoginThrottle(_time);
        for (var i = 0; i < LoginThrottle.MaxFailures; i++)
        {
            Assert.False(throttle.IsLocked(Guesser, out _));
            throttle.RecordFailure(Guesser);
            _time.Advance(TimeSpan.FromSeconds(5));
        }

        Assert.True(throttle.IsLocked(Guesser, out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(35), retryAfter);
        Assert.False(throttle.IsLocked(Operator, out _));

        _time.Advance(retryAfter);
        Assert.False(throttle.IsLocked(Guesser, out _));
    }

    [Fact]
    public void Four_wrong_tokens_leave_the_fifth_try_open_and_an_ipv4_client_is_one_client_over_ipv6_too()
    {
        var throttle = new LoginThrottle(_time);
        for (var i = 0; i < LoginThrottle.MaxFailures - 1; i++)
        {
            throttle.RecordFailure(Guesser.MapToIPv6());
        }

        Assert.False(throttle.IsLocked(Guesser, out _));
        throttle.RecordFailure(Guesser);
        Assert.True(throttle.IsLocked(Guesser.MapToIPv6(), out _));
    }
}
