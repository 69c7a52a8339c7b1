namespace GptBot.LoadTest.Qq;

/// <summary>What one phase of load produced, as the QQ side saw it.</summary>
public sealed record PhaseResult(int Messages, int Answered, int WrongContext, int ErrorReplies, double Seconds, double[] SortedLatenciesMs)
{
    public int Lost => Messages - Answered;

    public double AnswersPerSecond => Seconds > 0 ? Answered / Seconds : 0;

    public double Percentile(double p)
    {
        if (SortedLatenciesMs.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p / 100 * SortedLatenciesMs.Length) - 1;
        return SortedLatenciesMs[Math.Clamp(rank, 0, SortedLatenciesMs.Length - 1)];
    }
}
