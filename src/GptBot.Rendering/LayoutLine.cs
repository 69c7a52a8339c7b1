using SkiaSharp;

namespace GptBot.Rendering;

/// <summary>A piece of one drawn line in a single typeface.</summary>
internal sealed record TextRun(string Text, SKTypeface Face, float Width);

/// <summary>One line of the image after wrapping: its runs, its width in pixels, and whether it belongs to a code block.</summary>
internal sealed record LayoutLine(IReadOnlyList<TextRun> Runs, float Width, bool IsCode);
