using System.Buffers;
using System.Text;
using GptBot.Testing;

namespace GptBot.LoadTest.Llm;

/// <summary>
/// The fake LLM as the load test uses it: every answer echoes its request's token (<c>Q#123</c> in the last user
/// message becomes <c>A#123</c>), so the load generator can tell which request a reply belongs to. The fake shares the
/// machine with the server under test, so it keeps no request, parses no JSON and writes prebuilt bytes in one flush.
/// Like OpenAI-compatible APIs asked for <c>stream_options.include_usage</c> (GptBot always asks), it ends with a usage
/// chunk, unless told to report none (then GptBot counts the request and the answer with its own tokenizer).
/// </summary>
public static class TokenEcho
{
    private const string Placeholder = "{token}";

    /// <summary>The role chunk and the content chunk up to the token's digits.</summary>
    private static readonly byte[] Head;

    /// <summary>The rest of the content chunk, a second content chunk, the stop chunk, the usage chunk and [DONE].</summary>
    private static readonly byte[] Tail;

    /// <summary>The same without the usage chunk.</summary>
    private static readonly byte[] TailWithoutUsage;

    static TokenEcho()
    {
        var content = FakeLlmServer.Frame(FakeLlmServer.ChunkJson("A#" + Placeholder));
        var at = content.IndexOf(Placeholder, StringComparison.Ordinal);
        Head = Encoding.UTF8.GetBytes(FakeLlmServer.Frame(FakeLlmServer.ChunkJson(string.Empty, role: "assistant")) + content[..at]);
        var answer = content[(at + Placeholder.Length)..]
            + FakeLlmServer.Frame(FakeLlmServer.ChunkJson(" ok"))
            + FakeLlmServer.Frame(FakeLlmServer.ChunkJson(content: null, finishReason: "stop"));
        Tail = Encoding.UTF8.GetBytes(answer + FakeLlmServer.Frame(FakeLlmServer.UsageJson(FakeLlmServer.PromptTokens, 3)) + "data: [DONE]\n\n");
        TailWithoutUsage = Encoding.UTF8.GetBytes(answer + "data: [DONE]\n\n");
    }

    /// <param name="reportUsage">Whether answers end with a usage chunk, as OpenAI-compatible APIs asked for one do.</param>
    public static async Task<FakeLlmServer> StartAsync(bool reportUsage = true)
    {
        var llm = await FakeLlmServer.StartAsync();
        llm.RecordRequests = false;
        var tail = reportUsage ? Tail : TailWithoutUsage;
        llm.Handler = async (request, context) =>
        {
            Write(context.Response, TokenOf(request.RawBody.Span), tail);
            await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
        };
        return llm;
    }

    private static void Write(HttpResponse response, ReadOnlySpan<byte> digits, byte[] tail)
    {
        response.ContentType = "text/event-stream";
        response.ContentLength = Head.Length + digits.Length + tail.Length;
        response.BodyWriter.Write(Head);
        response.BodyWriter.Write(digits);
        response.BodyWriter.Write(tail);
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
