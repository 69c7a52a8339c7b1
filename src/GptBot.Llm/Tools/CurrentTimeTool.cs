using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace GptBot.Llm.Tools;

/// <summary>
/// The built-in <c>get_current_time</c>: the date, time and weekday where the bot lives (GPT_TIMEZONE). Models do not
/// know today's date; asked "what day is it", they guess from their training. Written by hand, with a fixed schema, so
/// nothing is reflected over at run time.
/// </summary>
public sealed class CurrentTimeTool(TimeProvider timeProvider, TimeZoneInfo zone) : AIFunction
{
    public const string ToolName = "get_current_time";

    private static readonly string[] Weekdays = ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"];
    private static readonly JsonElement Schema = JsonDocument.Parse("""{"type":"object","properties":{},"additionalProperties":false}""").RootElement.Clone();

    public override string Name => ToolName;

    public override string Description => "Returns the current date, time and weekday in the bot's time zone. Call it whenever the answer depends on today's date or the time.";

    public override JsonElement JsonSchema => Schema;

    /// <summary>What the model reads, e.g. <c>2026-12-07 16:20:31 星期一 (Monday), time zone Asia/Shanghai, UTC+08:00</c>.</summary>
    public string Now()
    {
        var now = TimeZoneInfo.ConvertTime(timeProvider.GetUtcNow(), zone);
        var offset = now.Offset;
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{now:yyyy-MM-dd HH:mm:ss} {Weekdays[(int)now.DayOfWeek]} ({now.DayOfWeek}), time zone {zone.Id}, UTC{sign}{offset.Duration():hh\\:mm}");
    }

    protected override ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken) =>
        ValueTask.FromResult<object?>(Now());
}
