using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace GptBot.IntegrationTests.Infrastructure;

/// <summary>One sample of a scrape: its metric name, its labels and its value.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// A strict reader of the Prometheus text exposition format (0.0.4): every line is a <c># HELP</c>, a <c># TYPE</c>
/// (before its family's samples, once per family, a known type) or a sample whose name belongs to the family typed
/// last, with well-formed, escaped labels and a number. Anything else fails the test, naming the line.
/// </summary>
public static partial class PrometheusText
{
    private static readonly HashSet<string> Types = ["counter", "gauge", "histogram", "summary", "untyped"];

    public static IReadOnlyList<PrometheusSample> Parse(string text)
    {
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var samples = new List<PrometheusSample>();
        var typed = new Dictionary<string, string>(StringComparer.Ordinal);
        string? family = null;
        foreach (var line in text.TrimEnd('\n').Split('\n'))
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                var comment = Comment().Match(line);
                Assert.True(comment.Success, $"malformed comment line: {line}");
                if (comment.Groups["kind"].Value == "TYPE")
                {
                    var type = comment.Groups["rest"].Value;
                    Assert.True(Types.Contains(type), $"unknown type: {line}");
                    Assert.True(typed.TryAdd(comment.Groups["name"].Value, type), $"a family typed twice: {line}");
                    family = comment.Groups["name"].Value;
                }

                continue;
            }

            var sample = Sample().Match(line);
            Assert.True(sample.Success, $"malformed sample line: {line}");
            var name = sample.Groups["name"].Value;
            Assert.True(family is not null && BelongsTo(name, family, typed[family]), $"sample outside its family ({family}): {line}");
            samples.Add(new PrometheusSample(name, Labels(sample.Groups["labels"].Value, line), Number(sample.Groups["value"].Value, line)));
        }

        return samples;
    }

    /// <summary>The sum of the samples named <paramref name="name"/> whose labels include <paramref name="labels"/> ("key=value"); 0 when none.</summary>
    public static double Value(this IReadOnlyList<PrometheusSample> samples, string name, params string[] labels) =>
        samples.Where(sample => sample.Name == name && labels.All(label =>
        {
            var (key, value) = (label[..label.IndexOf('=')], label[(label.IndexOf('=') + 1)..]);
            return sample.Labels.TryGetValue(key, out var actual) && actual == value;
        })).Sum(sample => sample.Value);

    private static bool BelongsTo(string name, string family, string type) => type switch
    {
        "histogram" => name == family + "_bucket" || name == family + "_sum" || name == family + "_count",
        "summary" => name == family || name == family + "_sum" || name == family + "_count",
        "counter" => name == family || name == family + "_total",
        _ => name == family,
    };

    private static Dictionary<string, string> Labels(string text, string line)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var position = 0;
        while (position < text.Length)
        {
            var label = Label().Match(text, position);
            Assert.True(label.Success && label.Index == position, $"malformed labels: {line}");
            Assert.True(labels.TryAdd(label.Groups["key"].Value, Unescape(label.Groups["value"].Value)), $"a label twice: {line}");
            position += label.Length;
            if (position < text.Length)
            {
                Assert.True(text[position] == ',', $"labels not separated by commas: {line}");
                position++;
            }
        }

        return labels;
    }

    private static string Unescape(string value)
    {
        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '\\')
            {
                text.Append(value[i]);
                continue;
            }

            text.Append(value[++i] switch { 'n' => '\n', var escaped => escaped });
        }

        return text.ToString();
    }

    private static double Number(string text, string line) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) => value,
        _ => throw new Xunit.Sdk.XunitException($"not a number: {line}"),
    };

    [GeneratedRegex(@"^# (?<kind>HELP|TYPE) (?<name>[a-zA-Z_:][a-zA-Z0-9_:]*) (?<rest>.*)$")]
    private static partial Regex Comment();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?<labels>[^}]*)\})? (?<value>\S+)(?: -?[0-9]+)?$")]
    private static partial Regex Sample();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\]|\\[\\""n])*)""")]
    private static partial Regex Label();
}
