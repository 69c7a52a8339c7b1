using System.Text.Json;
using GptBot.OneBot.Actions;
using GptBot.OneBot.Protocol;

namespace GptBot.Tests.OneBot.Actions;

/// <summary>The action frame writer reuses one buffer per thread: every frame it hands out must stay its own.</summary>
[Trait("Category", "Unit")]
public sealed class ActionFrameTests
{
    [Fact]
    public void A_frame_is_not_changed_by_the_next_one()
    {
        var first = OneBotActionClient.BuildFrame("send_msg", w => OneBotJsonWriteText(w, "第一条"), "1");
        var firstBytes = first.ToArray();

        var second = OneBotActionClient.BuildFrame("send_msg", w => OneBotJsonWriteText(w, "second, longer than the first one"), "2");

        Assert.Equal(firstBytes, first.ToArray());
        Assert.Equal("第一条", TextOf(first));
        Assert.Equal("second, longer than the first one", TextOf(second));
        Assert.Equal("2", JsonDocument.Parse(second).RootElement.GetProperty("echo").GetString());
    }

    [Fact]
    public void A_frame_after_a_huge_one_and_after_a_failed_one_is_well_formed()
    {
        var huge = new string('字', 100_000);
        var big = OneBotActionClient.BuildFrame("send_msg", w => OneBotJsonWriteText(w, huge), "1");
        Assert.Throws<InvalidOperationException>(() =>
            OneBotActionClient.BuildFrame("send_msg", _ => throw new InvalidOperationException("params failed"), "2"));

        var small = OneBotActionClient.BuildFrame("get_msg", w => w.WriteNumber("message_id"u8, 42), "3");

        Assert.Equal(huge, TextOf(big));
        var root = JsonDocument.Parse(small).RootElement;
        Assert.Equal("get_msg", root.GetProperty("action").GetString());
        Assert.Equal(42, root.GetProperty("params").GetProperty("message_id").GetInt64());
        Assert.Equal("3", root.GetProperty("echo").GetString());
    }

    private static void OneBotJsonWriteText(Utf8JsonWriter writer, string text)
    {
        writer.WritePropertyName("message"u8);
        OneBotJson.WriteSegments(writer, [MessageSegment.CreateText(text)]);
    }

    private static string TextOf(ReadOnlyMemory<byte> frame) =>
        JsonDocument.Parse(frame).RootElement.GetProperty("params").GetProperty("message")[0].GetProperty("data").GetProperty("text").GetString()!;
}
