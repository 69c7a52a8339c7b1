using SkiaSharp;

namespace GptBot.Rendering;

/// <summary>A piece of one drawn line in a single typeface, with its measured width in pixels.</summary>
internal sealed record TextRun(string Text, SKTypeface Face, float Width);
