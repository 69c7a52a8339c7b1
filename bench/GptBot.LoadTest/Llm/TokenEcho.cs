using System.Buffers;
using System.Text;
using GptBot.Testing;

namespace GptBot.LoadTest.Llm;

/// <summary>
/// The fake LLM as the load test uses it: every answer echoes its request's token (<c>Q#123</c> in the last user
/// message becomes <c>A#123</c>), so the load generator can tell which request a reply belongs to. The fake shares the
/// machine with the server under test, so it keeps no request, parses no JSON and writes prebuilt bytes in one flush.
/// </summary>
public static class TokenEcho
{
    private const string Placeholder = "{token}";

    /// <summary>The role chunk and the content chunk up to the token's digits.</summary>
    private static readonly byte[] Head;

    /// <summary>The rest of the content chunk, a second content chunk, the stop chunk and [DONE].</summary>
    private static readonly byte[] Tail;

    static TokenEcho()
    {
        var content = FakeLlmServer.Frame(FakeLlmServer.ChunkJson("A#" + Placeholder));
        var at = content.IndexOf(Placeholder, StringComparison.Ordinal);
        Head = Encoding.UTF8.GetBytes(FakeLlmServer.Frame(FakeLlmServer.ChunkJson(string.Empty, role: "assistant")) + content[..at]);
        Tail = Encoding.UTF8.GetBytes(
            content[(at + Placeholder.Length)..]
            + FakeLlmServer.Frame(FakeLlmServer.ChunkJson(" ok"))
            + FakeLlmServer.Frame(FakeLlmServer.ChunkJson(content: null, finishReason: "stop"))
            + "data: [DONE]\n\n");
    }

    public static async Task<FakeLlmServer> StartAsync()
    {
        var llm = await FakeLlmServer.StartAsync();
        llm.RecordRequests = false;
        llm.Handler = AnswerAsync;
        return llm;
    }

    private static async Task AnswerAsync(FakeLlmRequest request, HttpContext context)
    {
        Write(context.Response, TokenOf(request.RawBody.Span));
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    private static void Write(HttpResponse response, ReadOnlySpan<byte> digits)
    {
        response.ContentType = "text/event-stream";
        response.ContentLength = Head.Length + digits.Length + Tail.Length;
        response.BodyWriter.Write(Head);
        response.BodyWriter.Write(digits);
        response.BodyWriter.Write(Tail);
    }

    /// <summary>The digits after the body's last <c>Q#</c>: the newest user message's token.</summary>
    private static ReadOnlySpan<byte> TokenOf(ReadOnlySpan<byte> body)
    {
        var at = body.LastIndexOf("Q#"u8);
        if (at < 0)
        {
            return "0"u8;
        }

        var digits = body[(at + 2)..];
        var length = digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9');
        return length < 0 ? digits : digits[..length];
    }
}
