using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using GptBot.Admin.Metrics;
using Microsoft.AspNetCore.Html;

namespace GptBot.Admin.Charts;

/// <summary>
/// The dashboard's charts as inline SVG drawn on the server: no script and no chart library, so the pages run under a
/// policy that allows no script at all. Colours come from the console's stylesheet through class names.
/// </summary>
public static class SvgChart
{
    private const int Width = 600;
    private const int Height = 140;
    private const int Left = 36;
    private const int Bottom = 18;
    private const int Top = 8;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Answers per minute as bars, the failed ones stacked on top in the failure colour.</summary>
    public static IHtmlContent Answers(IReadOnlyList<MinutePoint> points, string label, string start, string now)
    {
        var max = Math.Max(1, points.Max(point => point.Answers + point.Failures));
        var svg = Open(label, max.ToString(Invariant), start, now);
        var slot = (double)(Width - Left) / points.Count;
        for (var i = 0; i < points.Count; i++)
        {
            var x = Left + (i * slot) + 1;
            var answered = Scale(points[i].Answers, max);
            var failed = Scale(points[i].Failures, max);
            if (answered > 0)
            {
                Rect(svg, "bar", x, Height - Bottom - answered, slot - 2, answered);
            }

            if (failed > 0)
            {
                Rect(svg, "bar-bad", x, Height - Bottom - answered - failed, slot - 2, failed);
            }
        }

        return Close(svg);
    }

    /// <summary>The LLM's mean time per minute as a line; minutes without a call leave a gap.</summary>
    public static IHtmlContent Latency(IReadOnlyList<MinutePoint> points, string label, string start, string now)
    {
        var max = Math.Max(0.1, points.Max(point => point.LlmSeconds ?? 0));
        var svg = Open(label, max.ToString("0.##", Invariant), start, now);
        var slot = (double)(Width - Left) / points.Count;
        var line = new StringBuilder();
        for (var i = 0; i < points.Count; i++)
        {
            if (points[i].LlmSeconds is not { } seconds)
            {
                Polyline(svg, line);
                continue;
            }

            var x = Left + (i * slot) + (slot / 2);
            var y = Height - Bottom - Scale(seconds, max);
            line.Append(Invariant, $"{x:0.#},{y:0.#} ");
            svg.Append(Invariant, $"<circle class=\"dot\" cx=\"{x:0.#}\" cy=\"{y:0.#}\" r=\"2\"/>");
        }

        Polyline(svg, line);
        return Close(svg);
    }

    private static double Scale(double value, double max) => value <= 0 ? 0 : value / max * (Height - Bottom - Top);

    private static StringBuilder Open(string label, string max, string start, string now)
    {
        var svg = new StringBuilder();
        svg.Append(Invariant, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{HtmlEncoder.Default.Encode(label)}\">");
        svg.Append(Invariant, $"<line class=\"axis\" x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width}\" y2=\"{Height - Bottom}\"/>");
        svg.Append(Invariant, $"<line class=\"axis\" x1=\"{Left}\" y1=\"{Top}\" x2=\"{Width}\" y2=\"{Top}\"/>");
        svg.Append(Invariant, $"<text x=\"{Left - 4}\" y=\"{Top + 8}\" text-anchor=\"end\">{HtmlEncoder.Default.Encode(max)}</text>");
        svg.Append(Invariant, $"<text x=\"{Left - 4}\" y=\"{Height - Bottom}\" text-anchor=\"end\">0</text>");
        svg.Append(Invariant, $"<text x=\"{Left}\" y=\"{Height - 4}\">{HtmlEncoder.Default.Encode(start)}</text>");
        svg.Append(Invariant, $"<text x=\"{Width}\" y=\"{Height - 4}\" text-anchor=\"end\">{HtmlEncoder.Default.Encode(now)}</text>");
        return svg;
    }

    private static void Rect(StringBuilder svg, string cssClass, double x, double y, double width, double height) =>
        svg.Append(Invariant, $"<rect class=\"{cssClass}\" x=\"{x:0.#}\" y=\"{y:0.#}\" width=\"{Math.Max(1, width):0.#}\" height=\"{height:0.#}\"/>");

    private static void Polyline(StringBuilder svg, StringBuilder points)
    {
        if (points.Length > 0)
        {
            svg.Append(Invariant, $"<polyline class=\"line\" points=\"{points.ToString().TrimEnd()}\"/>");
            points.Clear();
        }
    }

    private static HtmlString Close(StringBuilder svg) => new(svg.Append("</svg>").ToString());
}
