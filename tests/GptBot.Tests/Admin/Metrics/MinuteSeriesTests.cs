using GptBot.Admin.Metrics;

namespace GptBot.Tests.Admin.Metrics;

[Trait("Category", "Unit")]
public sealed class MinuteSeriesTests
{
    private static readonly DateTimeOffset Noon = new(2026, 1, 1, 12, 0, 30, TimeSpan.Zero);

    [Fact]
    public void The_last_hour_has_sixty_minutes_oldest_first_with_each_minutes_counts_and_mean_time()
    {
        var series = new MinuteSeries();
        series.AddAnswers(Noon.AddMinutes(-2), 3, failed: false);
        series.AddAnswers(Noon.AddMinutes(-2), 1, failed: true);
        series.AddLlmDuration(Noon.AddMinutes(-2), 1.0);
        series.AddLlmDuration(Noon.AddMinutes(-2), 2.0);
        series.AddAnswers(Noon, 1, failed: false);

        var points = series.Last(Noon);

        Assert.Equal(MinuteSeries.Minutes, points.Count);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero), points[^1].Start);
        Assert.Equal(new MinutePoint(new DateTimeOffset(2026, 1, 1, 11, 58, 0, TimeSpan.Zero), 3, 1, 1.5), points[^3]);
        Assert.Equal(1, points[^1].Answers);
        Assert.Null(points[^1].LlmSeconds);
        Assert.Equal(4, points.Sum(point => point.Answers));
    }

    [Fact]
    public void A_minute_older_than_an_hour_is_gone_even_when_its_slot_is_not_reused_yet()
    {
        var series = new MinuteSeries();
        series.AddAnswers(Noon, 5, failed: false);

        Assert.Equal(5, series.Last(Noon.AddMinutes(59)).Sum(point => point.Answers));
        Assert.Equal(0, series.Last(Noon.AddMinutes(60)).Sum(point => point.Answers));

        series.AddAnswers(Noon.AddMinutes(60), 2, failed: false);
        Assert.Equal(2, series.Last(Noon.AddMinutes(60)).Sum(point => point.Answers));
    }
}
