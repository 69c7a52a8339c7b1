using GptBot.Chat.Model;
using GptBot.OneBot.Protocol;

namespace GptBot.Host.Bridges;

/// <summary>
/// The image segments of a message as the chat's <see cref="ImageReference"/>s. Implementations name an image in
/// <c>url</c> (NapCat, Lagrange, go-cqhttp: an http(s) link, often on their own host) and <c>file</c> (a cache name, a
/// <c>base64://</c> payload, or a local path). The link or the payload is taken; what is left is passed on as it came,
/// for the fetcher to refuse: nothing here decides what may be opened.
/// </summary>
internal static class ImageSegments
{
    private static readonly IReadOnlyList<ImageReference> None = [];

    public static IReadOnlyList<ImageReference> References(IReadOnlyList<MessageSegment> segments, IReadOnlyList<MessageSegment>? quoted)
    {
        List<ImageReference>? images = null;
        Collect(segments, ref images);
        if (quoted is not null)
        {
            Collect(quoted, ref images);
        }

        return images ?? None;
    }

    private static void Collect(IReadOnlyList<MessageSegment> segments, ref List<ImageReference>? images)
    {
        foreach (var segment in segments)
        {
            if (segment.Type == SegmentTypes.Image && SourceOf(segment) is { } source)
            {
                (images ??= []).Add(new ImageReference(source));
            }
        }
    }

    private static string? SourceOf(MessageSegment segment)
    {
        var url = segment.Get("url");
        var file = segment.Get("file");
        if (IsWeb(url))
        {
            return url;
        }

        if (IsWeb(file) || (file?.StartsWith("base64://", StringComparison.OrdinalIgnoreCase) ?? false))
        {
            return file;
        }

        return !string.IsNullOrEmpty(url) ? url : !string.IsNullOrEmpty(file) ? file : null;
    }

    private static bool IsWeb(string? source) =>
        source is not null && (source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase));
}
