using System.Diagnostics.Metrics;
using System.Reflection;
using System.Text;
using GptBot.Chat.Dispatch;
using GptBot.Chat.Ports;

namespace GptBot.Chat;

/// <summary>What became of a prompt the bot was asked to answer, as the operator counts it.</summary>
public enum AnswerOutcome
{
    /// <summary>The answer reached the chat and was stored.</summary>
    Answered,

    /// <summary>The LLM failed (or answered nothing) and the chat was told so.</summary>
    Failed,

    /// <summary>GPT_TIMEOUT ran out before the answer was complete.</summary>
    Timeout,

    /// <summary>Never asked: a rate limit, a prompt too long, a full queue, a queue or interval wait too long.</summary>
    Refused,

    /// <summary>Cut short or never started because the service stopped.</summary>
    Aborted,
}

/// <summary>
/// The chat domain's instruments on the <c>GptBot</c> meter: answers by outcome, LLM latency and time to first token,
/// LLM errors by kind, tokens, the lanes' queue, the interval gate's wait, and the reply forms used. Every tag is a
/// cached pair, so recording allocates nothing on the answer's path.
/// </summary>
public sealed class ChatMetrics
{
    /// <summary>The one meter every GptBot assembly records on.</summary>
    public const string MeterName = "GptBot";

    private static readonly KeyValuePair<string, object?>[] OutcomeTags = Tags("outcome", Enum.GetValues<AnswerOutcome>());
    private static readonly KeyValuePair<string, object?>[] KindTags = Tags("kind", Enum.GetValues<ChatFailureKind>());
    private static readonly KeyValuePair<string, object?>[] FormTags = Tags("form", Enum.GetValues<ReplyForm>());
    private static readonly KeyValuePair<string, object?>[] FromTags = Tags("from", Enum.GetValues<ReplyForm>());
    private static readonly KeyValuePair<string, object?>[] ToTags = Tags("to", Enum.GetValues<ReplyForm>());
    private static readonly KeyValuePair<string, object?> InputTag = new("direction", "input");
    private static readonly KeyValuePair<string, object?> OutputTag = new("direction", "output");

    private readonly Counter<long> _answers;
    private readonly Histogram<double> _llmDuration;
    private readonly Histogram<double> _timeToFirstToken;
    private readonly Counter<long> _llmErrors;
    private readonly Counter<long> _tokens;
    private readonly Histogram<double> _intervalWait;
    private readonly Counter<long> _repliesSent;
    private readonly Counter<long> _fallbacks;
    private ConversationLanes? _lanes;

    public ChatMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(new MeterOptions(MeterName) { Version = VersionOf(typeof(ChatMetrics).Assembly) });
        _answers = meter.CreateCounter<long>("gptbot.answers", "{answer}", "Prompts the bot was asked to answer, by what became of them");
        _llmDuration = meter.CreateHistogram(
            "gptbot.llm.duration", "s", "Time from asking the LLM to the end of a complete answer", tags: null, Buckets(0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120));
        _timeToFirstToken = meter.CreateHistogram(
            "gptbot.llm.time_to_first_token", "s", "Time from asking the LLM to the first text of its answer", tags: null, Buckets(0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30));
        _llmErrors = meter.CreateCounter<long>("gptbot.llm.errors", "{error}", "LLM requests that failed, by kind of failure");
        _tokens = meter.CreateCounter<long>("gptbot.llm.tokens", "{token}", "Tokens the LLM reported, by direction");
        meter.CreateObservableGauge("gptbot.lanes.queued", () => (long)(Volatile.Read(ref _lanes)?.Waiting ?? 0), "{request}", "Requests waiting behind another of their chat, across all chats");
        _intervalWait = meter.CreateHistogram(
            "gptbot.interval_gate.wait", "s", "Time a request waited for its start slot (GPT_REQUEST_MINIMAL_INTERVAL)", tags: null, Buckets(0, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 300));
        _repliesSent = meter.CreateCounter<long>("gptbot.replies.sent", "{message}", "Messages delivered to chats, by form");
        _fallbacks = meter.CreateCounter<long>("gptbot.replies.fallbacks", "{fallback}", "Replies retried in another form after one failed");
    }

    public void Answer(AnswerOutcome outcome) => _answers.Add(1, OutcomeTags[(int)outcome]);

    public void LlmDuration(TimeSpan elapsed) => _llmDuration.Record(elapsed.TotalSeconds);

    public void TimeToFirstToken(TimeSpan elapsed) => _timeToFirstToken.Record(elapsed.TotalSeconds);

    public void LlmError(ChatFailureKind kind) => _llmErrors.Add(1, (uint)kind < (uint)KindTags.Length ? KindTags[(int)kind] : KindTags[0]);

    public void Tokens(long? input, long? output)
    {
        if (input is > 0)
        {
            _tokens.Add(input.Value, InputTag);
        }

        if (output is > 0)
        {
            _tokens.Add(output.Value, OutputTag);
        }
    }

    public void IntervalWait(TimeSpan waited) => _intervalWait.Record(waited.TotalSeconds);

    public void ReplySent(ReplyForm form) => _repliesSent.Add(1, FormTags[(int)form]);

    public void Fallback(ReplyForm from, ReplyForm to) => _fallbacks.Add(1, FromTags[(int)from], ToTags[(int)to]);

    /// <summary>The lanes whose waiting requests <c>gptbot.lanes.queued</c> reports (one set per service).</summary>
    internal void Observe(ConversationLanes lanes) => Volatile.Write(ref _lanes, lanes);

    /// <summary>The product version, the same in every GptBot assembly (one number, set for the whole build).</summary>
    private static string VersionOf(Assembly assembly)
    {
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var metadata = informational.IndexOf('+', StringComparison.Ordinal);
        return metadata < 0 ? informational : informational[..metadata];
    }

    /// <summary><c>snake_case</c>: tag values read like Prometheus label values (<c>circuit_open</c>).</summary>
    public static string SnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }

    private static KeyValuePair<string, object?>[] Tags<TEnum>(string key, TEnum[] values)
        where TEnum : struct, Enum
    {
        var tags = new KeyValuePair<string, object?>[values.Length];
        foreach (var value in values)
        {
            tags[Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)] = new(key, SnakeCase(value.ToString()));
        }

        return tags;
    }

    private static InstrumentAdvice<double> Buckets(params double[] boundaries) => new() { HistogramBucketBoundaries = boundaries };
}
