using GptBot.Llm.Tools;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GptBot.Tests.Llm.Tools;

/// <summary>What the model gets back from a tool call, whatever the tool does.</summary>
[Trait("Category", "Unit")]
public sealed class ToolInvokerTests
{
    private static readonly ToolInvoker Invoker = new(TimeSpan.FromMilliseconds(200), NullLogger<ToolInvoker>.Instance);

    [Fact]
    public async Task A_tool_that_throws_gives_an_error_result_instead_of_failing_the_answer()
    {
        var result = await InvokeAsync(AIFunctionFactory.Create(string () => throw new InvalidOperationException("backend down"), "broken"), TestContext.Current.CancellationToken);

        Assert.Equal("Error: the tool broken failed: backend down", result);
    }

    [Fact]
    public async Task A_tool_that_does_not_answer_in_time_gives_an_error_result()
    {
        var result = await InvokeAsync(AIFunctionFactory.Create(async (CancellationToken token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return "never";
        }, "slow"), TestContext.Current.CancellationToken);

        Assert.Equal("Error: the tool slow did not answer within 0.2 seconds.", result);
    }

    [Fact]
    public async Task The_answers_own_cancellation_is_not_turned_into_a_result()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => InvokeAsync(AIFunctionFactory.Create((CancellationToken token) =>
        {
            token.ThrowIfCancellationRequested();
            return "x";
        }, "any"), cancelled.Token));
    }

    [Fact]
    public async Task A_huge_result_is_cut_to_what_the_window_can_take()
    {
        var result = (string?)await InvokeAsync(AIFunctionFactory.Create(() => new string('x', 50_000), "page"), TestContext.Current.CancellationToken);

        Assert.StartsWith(new string('x', ToolInvoker.MaxResultLength), result, StringComparison.Ordinal);
        Assert.EndsWith("[The result was 50000 characters long; only the first 16000 are shown.]", result, StringComparison.Ordinal);
    }

    [Fact]
    public void The_current_time_is_told_in_the_configured_zone_with_its_weekday()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 16, 20, 31, TimeSpan.Zero));
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

        Assert.Equal("2026-12-08 00:20:31 星期二 (Tuesday), time zone Asia/Shanghai, UTC+08:00", new CurrentTimeTool(time, zone).Now());
    }

    private static async Task<object?> InvokeAsync(AIFunction function, CancellationToken cancellationToken)
    {
        var context = new FunctionInvocationContext { Function = function, Arguments = new AIFunctionArguments(), CallContent = new FunctionCallContent("c1", function.Name) };
        return await Invoker.InvokeAsync(context, cancellationToken);
    }
}
