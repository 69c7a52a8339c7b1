using System.Net.Http.Headers;
using System.Text;

namespace GptBot.Llm;

/// <summary>
/// Reads the body of an error answer only so far: its start says what went wrong, and a relay or an error page can
/// send megabytes, or never stop, which would hold the request until GPT_TIMEOUT and the memory with it.
/// </summary>
internal static class BoundedBody
{
    /// <summary>Characters of an error body that are read; the rest is never received.</summary>
    public const int MaxChars = 16 * 1024;

    /// <summary>At most <see cref="MaxChars"/> characters of <paramref name="content"/>.</summary>
    public static async Task<string> ReadAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var buffer = new char[MaxChars];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await reader.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        return new string(buffer, 0, length);
    }

    /// <summary>
    /// Reads the start of <paramref name="response"/>'s body and puts it back as the whole body, so that a handler that
    /// looks at it (is this 429 about quota?) leaves the same text for the caller's error message; the connection's
    /// unread rest is dropped with the original content.
    /// </summary>
    public static async Task<string> BufferAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var original = response.Content;
        var body = await ReadAsync(original, cancellationToken);
        var buffered = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (original.Headers.ContentType is { } type)
        {
            buffered.Headers.ContentType = new MediaTypeHeaderValue(type.MediaType ?? "text/plain") { CharSet = Encoding.UTF8.WebName };
        }

        response.Content = buffered;
        original.Dispose();
        return body;
    }
}
