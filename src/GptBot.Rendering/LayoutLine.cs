namespace GptBot.Rendering;

/// <summary>One line of the image after wrapping: its runs, its width in pixels, and whether it belongs to a code block.</summary>
internal sealed record LayoutLine(IReadOnlyList<TextRun> Runs, float Width, bool IsCode);
