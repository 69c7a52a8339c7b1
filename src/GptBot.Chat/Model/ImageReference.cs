namespace GptBot.Chat.Model;

/// <summary>
/// An image in a user's message, as the QQ implementation named it: an <c>http(s)://</c> URL, <c>base64://</c> data, or
/// anything else an implementation writes (a <c>file://</c> URL, a bare file name), which is never opened. Only an
/// <see cref="Ports.IImageFetcher"/> turns it into bytes, and only when the model is to see it.
/// </summary>
public sealed record ImageReference(string Source)
{
    /// <summary>What the stored history keeps in place of an image: a short text, never the bytes.</summary>
    public const string Placeholder = "[图片]";

    /// <summary>The source for a log line: a URL's scheme and host, or the kind of inline data, never the data itself.</summary>
    public override string ToString()
    {
        if (Source.StartsWith("base64://", StringComparison.OrdinalIgnoreCase))
        {
            return $"base64 data ({Source.Length - 9} chars)";
        }

        return Uri.TryCreate(Source, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Authority}/…" : "a non-URL source";
    }
}
