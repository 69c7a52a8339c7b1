using System.Text.Json;
using GptBot.Testing;

namespace GptBot.IntegrationTests.Replies;

/// <summary>Reads what a reply call carried, as the QQ implementation received it.</summary>
internal static class ReplyCalls
{
    public static bool IsForward(this ApiCall call) => call.Action is "send_group_forward_msg" or "send_private_forward_msg";

    public static bool HasImage(this ApiCall call) => Segments(call).Any(s => s.GetProperty("type").GetString() == "image");

    public static bool IsPlainText(this ApiCall call) => call.IsSend && !call.HasImage();

    /// <summary>The id in the call's reply segment, if it quotes a message.</summary>
    public static long? QuotedId(this ApiCall call) => Segments(call)
        .Where(s => s.GetProperty("type").GetString() == "reply")
        .Select(s => (long?)long.Parse(s.GetProperty("data").GetProperty("id").GetString()!, System.Globalization.CultureInfo.InvariantCulture))
        .FirstOrDefault();

    public static IReadOnlyList<string> NodeTexts(this ApiCall call) => call.Params.GetProperty("messages").EnumerateArray()
        .Select(node => FakeOneBotPeer.TextOf(node.GetProperty("data").GetProperty("content")))
        .ToArray();

    public static byte[] ImageBytes(this ApiCall call)
    {
        var file = Segments(call).First(s => s.GetProperty("type").GetString() == "image").GetProperty("data").GetProperty("file").GetString()!;
        Assert.StartsWith("base64://", file, StringComparison.Ordinal);
        return Convert.FromBase64String(file["base64://".Length..]);
    }

    /// <summary>Text without whitespace: what arrived equals the answer modulo the whitespace at the cuts.</summary>
    public static string Squash(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    /// <summary>An answer of about <paramref name="length"/> chars in paragraphs of Chinese and English sentences.</summary>
    public static string LongAnswer(int length, string tag = "")
    {
        var builder = new System.Text.StringBuilder();
        for (var i = 1; builder.Length < length; i++)
        {
            builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"第{i}段{tag}：这是一个很长的回答里的一句话，用来检查顺序。Sentence {i} keeps the order visible.");
            builder.Append(i % 3 == 0 ? "\n\n" : "\n");
        }

        return builder.ToString().TrimEnd();
    }

    private static JsonElement[] Segments(ApiCall call) =>
        call.Params.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Array ? [.. message.EnumerateArray()] : [];
}
