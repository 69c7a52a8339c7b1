using System.Text;
using GptBot.OneBot;
using GptBot.OneBot.Actions;
using GptBot.OneBot.Protocol;
using GptBot.OneBot.Transport;
using GptBot.Tests.OneBot.Fakes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GptBot.Tests.OneBot.Transport;

/// <summary>Where frames go: events to the sink (by role), answers to the action client, garbage to a rate-limited log line.</summary>
[Trait("Category", "Unit")]
public sealed class OneBotFrameRouterTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeLogger<OneBotFrameRouter> _log = new();
    private readonly RecordingSink _sink = new();
    private readonly OneBotFrameRouter _router;

    public OneBotFrameRouterTests()
    {
        var registry = new ConnectionRegistry();
        var actions = new OneBotActionClient(registry, Options.Create(new OneBotOptions()), _time, NullLogger<OneBotActionClient>.Instance);
        _router = new OneBotFrameRouter(registry, actions, _sink, new OneBotMetrics(new TestMeters(), registry), _time, _log);
    }

    [Fact]
    public void Malformed_frames_are_logged_once_per_period_with_a_count_of_the_rest()
    {
        var connection = new FakeConnection(10001);

        for (var i = 0; i < 100; i++)
        {
            _router.OnFrame(connection, Encoding.UTF8.GetBytes("not json"));
        }

        var first = Assert.Single(_log.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Warning, first.Level);
        Assert.Contains("10001", first.Message, StringComparison.Ordinal);

        _time.Advance(TimeSpan.FromSeconds(10));
        _router.OnFrame(connection, Encoding.UTF8.GetBytes("{"));

        Assert.Equal(2, _log.Collector.Count);
        Assert.Contains("99 similar lines suppressed", _log.LatestRecord.Message, StringComparison.Ordinal);
        Assert.Empty(_sink.Events);
    }

    [Fact]
    public void Malformed_frame_log_never_contains_the_frame_text()
    {
        _router.OnFrame(new FakeConnection(10001), Encoding.UTF8.GetBytes("secret-prompt-text {"));

        Assert.DoesNotContain("secret-prompt-text", Assert.Single(_log.Collector.GetSnapshot()).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ClientRole.Universal, true)]
    [InlineData(ClientRole.Event, true)]
    [InlineData(ClientRole.Api, false)]
    public void Events_are_published_only_from_connections_that_carry_events(ClientRole role, bool published)
    {
        _router.OnFrame(new FakeConnection(10001, role), Encoding.UTF8.GetBytes("""{"time":1,"self_id":10001,"post_type":"meta_event","meta_event_type":"heartbeat"}"""));

        Assert.Equal(published ? 1 : 0, _sink.Events.Count);
    }

    [Fact]
    public void An_event_for_another_self_id_is_attributed_to_the_connections_bot()
    {
        _router.OnFrame(new FakeConnection(10001), Encoding.UTF8.GetBytes("""{"time":1,"self_id":99999,"post_type":"message","message_type":"private","message_id":1,"user_id":3,"message":"hi"}"""));

        Assert.Equal(10001, Assert.Single(_sink.Events).SelfId);
        Assert.Contains("99999", Assert.Single(_log.Collector.GetSnapshot()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_frame_whose_handling_throws_is_skipped_and_logged_and_the_next_frame_is_handled()
    {
        var registry = new ConnectionRegistry();
        var actions = new OneBotActionClient(registry, Options.Create(new OneBotOptions()), _time, NullLogger<OneBotActionClient>.Instance);
        var sink = new RecordingSink { FailOnce = true };
        var router = new OneBotFrameRouter(registry, actions, sink, new OneBotMetrics(new TestMeters(), registry), _time, _log);
        var connection = new FakeConnection(10001);
        var heartbeat = Encoding.UTF8.GetBytes("""{"time":1,"self_id":10001,"post_type":"meta_event","meta_event_type":"heartbeat"}""");

        router.OnFrame(connection, heartbeat);
        router.OnFrame(connection, heartbeat);

        Assert.Single(sink.Events);
        var logged = Assert.Single(_log.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.Contains("10001", logged.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(logged.Exception);
    }

    [Fact]
    public void A_lone_surrogate_in_an_event_is_read_not_thrown()
    {
        _router.OnFrame(new FakeConnection(10001), Encoding.UTF8.GetBytes("""{"time":1,"self_id":10001,"post_type":"message","message_type":"private","message_id":1,"user_id":3,"message":"\ud800 hi","sender":{"nickname":"\udc00"}}"""));

        var message = Assert.IsType<MessageEvent>(Assert.Single(_sink.Events));
        Assert.Equal("\uFFFD hi", message.Message[0].Text);
        Assert.Equal("\uFFFD", message.Sender.Nickname);
    }

    private sealed class RecordingSink : IOneBotEventSink
    {
        public List<OneBotEvent> Events { get; } = [];

        /// <summary>Throws on the next event, as a bug in the code behind the sink would.</summary>
        public bool FailOnce { get; set; }

        public void Publish(OneBotEvent oneBotEvent, IOneBotConnection source)
        {
            if (FailOnce)
            {
                FailOnce = false;
                throw new InvalidOperationException("handler bug");
            }

            Events.Add(oneBotEvent);
        }
    }
}
