using GptBot.OneBot.Protocol;

namespace GptBot.Tests.OneBot.Protocol;

[Trait("Category", "Unit")]
public sealed class CqCodeTests
{
    [Fact]
    public void Face_text_image_parse_in_order()
    {
        var segments = CqCode.Parse("[CQ:face,id=178]看看[CQ:image,file=123.jpg]");

        Assert.Equal(["face", "text", "image"], segments.Select(s => s.Type));
        Assert.Equal("178", segments[0].Get("id"));
        Assert.Equal("看看", segments[1].Text);
        Assert.Equal("123.jpg", segments[2].Get("file"));
    }
}
