using System.Net;
using System.Text.Json;
using GptBot.Chat.Ports;
using GptBot.Chat.Replies;
using Microsoft.Extensions.AI;

namespace GptBot.Tests.Llm.OpenAiCompatible;

/// <summary>What the client makes of the rest of the API: usage, tool calls, the finish reason and image refusals.</summary>
public sealed partial class OpenAiCompatibleChatClientTests
{
    [Fact]
    public async Task The_usage_at_the_end_of_the_stream_is_reported()
    {
        using var client = Client(_ => Sse(Answer, 32));

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal((3L, 4L, 7L), (response.Usage!.InputTokenCount, response.Usage.OutputTokenCount, response.Usage.TotalTokenCount));
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal("你好，world\n", response.Text);
    }

    [Fact]
    public async Task Tool_call_pieces_become_one_call_with_parsed_arguments()
    {
        const string stream =
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_9\",\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"arguments\":\"\"}}]}}]}\n\n"
            + "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}}]}\n\n"
            + "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"北京\\\"}\"}}]}}]}\n\n"
            + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n"
            + "data: [DONE]\n\n";
        using var client = Client(_ => Sse(stream, 9));

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "weather?")], cancellationToken: TestContext.Current.CancellationToken);

        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal(("call_9", "lookup"), (call.CallId, call.Name));
        Assert.Equal("北京", ((JsonElement)call.Arguments!["city"]!).GetString());
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
    }

    [Fact]
    public async Task A_model_that_refuses_images_is_told_apart_from_other_bad_requests()
    {
        using var client = Client(_ => new HttpResponseMessage(HttpStatusCode.BadRequest)
        {
            Content = new StringContent("""{"error":{"message":"Invalid content type. image_url is only supported by certain models.","type":"invalid_request_error"}}"""),
        });
        ChatMessage withImage = new(ChatRole.User, [new TextContent("what is this?"), new DataContent(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, "image/png")]);

        var error = await Assert.ThrowsAsync<ChatBackendException>(async () =>
            await client.GetResponseAsync([withImage], cancellationToken: TestContext.Current.CancellationToken));
        var textOnly = await Assert.ThrowsAsync<ChatBackendException>(() => TextsAsync(client));

        Assert.Equal(ChatFailureKind.ImageInputRefused, error.Failure.Kind);
        Assert.Equal("当前模型不支持识别图片，请只发文字，或请管理员换用支持图片的模型。", FailureTexts.For(error.Failure));
        Assert.Equal(ChatFailureKind.HttpStatus, textOnly.Failure.Kind);
    }
}
