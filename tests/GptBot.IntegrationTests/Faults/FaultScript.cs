using GptBot.Testing;
using Microsoft.AspNetCore.Http;

namespace GptBot.IntegrationTests.Faults;

/// <summary>
/// Scripts the fake LLM: prompts containing <see cref="Marker"/> get the fault, every other prompt the normal echo
/// answer, so one test shows the fault, the other chats still served, and the history around the fault.
/// </summary>
internal static class FaultScript
{
    public const string Marker = "FAULT";

    public static void Install(FakeLlmServer llm, Func<FakeLlmRequest, HttpContext, int, Task> fault)
    {
        var faults = 0;
        llm.Handler = (request, context) => request.LastUserContent.Contains(Marker, StringComparison.Ordinal)
            ? fault(request, context, Interlocked.Increment(ref faults))
            : FakeLlmServer.StreamAnswerAsync(context, llm.DefaultAnswer(request));
    }

    /// <summary>Both turns of an earlier exchange are in <paramref name="request"/>: the fault lost no history.</summary>
    public static void AssertHistoryKept(FakeLlmRequest request, string earlierPrompt)
    {
        Assert.Contains(request.Messages, m => m.Role == "user" && m.Content.EndsWith(earlierPrompt, StringComparison.Ordinal));
        Assert.Contains(request.Messages, m => m.Role == "assistant" && m.Content == "echo: member: " + earlierPrompt);
    }
}
