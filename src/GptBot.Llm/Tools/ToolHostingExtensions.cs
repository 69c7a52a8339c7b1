using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GptBot.Llm.Tools;

/// <summary>The tools and the sampling settings, as links of the <see cref="ChatClientBuilder"/> chain in <see cref="LlmHostingExtensions.AddLlm"/>.</summary>
public static class ToolHostingExtensions
{
    /// <summary>The tool catalog with the built-in tools, the MCP connections, and the invoker, registered whether tools are on or not (cheap).</summary>
    public static IServiceCollection AddTools(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var catalog = new ToolCatalog(sp.GetRequiredService<ILogger<ToolCatalog>>());
            var tools = sp.GetRequiredService<IOptions<LlmOptions>>().Value.Tools;
            catalog.Add("GptBot", [new CurrentTimeTool(sp.GetRequiredService<TimeProvider>(), tools.TimeZone)]);
            return catalog;
        });
        services.AddSingleton(sp =>
        {
            var llm = sp.GetRequiredService<IOptions<LlmOptions>>().Value;

            // Half of GPT_TIMEOUT at most, so that after a tool that hangs the model still has time to answer.
            var limit = llm.RequestTimeout == Timeout.InfiniteTimeSpan ? llm.Tools.CallTimeout : TimeSpan.FromTicks(Math.Min(llm.Tools.CallTimeout.Ticks, llm.RequestTimeout.Ticks / 2));
            return new ToolInvoker(limit, sp.GetRequiredService<ILogger<ToolInvoker>>());
        });
        services.AddHostedService<McpToolHost>();
        return services;
    }

    /// <summary>
    /// GPT_TEMPERATURE and GPT_TOP_P as defaults of every request, and with GPT_TOOLS the tools of the catalog. Left out
    /// of the chain when none of them is set: it copies the options of every request.
    /// </summary>
    public static ChatClientBuilder UseConfiguredOptions(this ChatClientBuilder builder) =>
        builder.Use((inner, services) =>
        {
            var llm = services.GetRequiredService<IOptions<LlmOptions>>().Value;
            var catalog = llm.Tools.Enabled ? services.GetRequiredService<ToolCatalog>() : null;
            if (llm.Temperature is null && llm.TopP is null && catalog is null)
            {
                return inner;
            }

            return new ConfigureOptionsChatClient(inner, options =>
            {
                options.Temperature ??= llm.Temperature;
                options.TopP ??= llm.TopP;
                if (catalog is not null)
                {
                    options.Tools = [.. options.Tools ?? [], .. catalog.Tools];
                }
            });
        });

    /// <summary>
    /// With GPT_TOOLS, Microsoft.Extensions.AI's function invocation: the model's tool calls are run by the
    /// <see cref="ToolInvoker"/> and their results sent back, for at most GPT_TOOL_MAX_ROUNDS requests per answer.
    /// </summary>
    public static ChatClientBuilder UseToolInvocation(this ChatClientBuilder builder) =>
        builder.Use((inner, services) =>
        {
            var tools = services.GetRequiredService<IOptions<LlmOptions>>().Value.Tools;
            if (!tools.Enabled)
            {
                return inner;
            }

            var invoker = services.GetRequiredService<ToolInvoker>();
            return new FunctionInvokingChatClient(inner, services.GetService<ILoggerFactory>(), services)
            {
                MaximumIterationsPerRequest = tools.MaxRounds,
                FunctionInvoker = invoker.InvokeAsync,

                // The invoker turns failures into results already; the model never sees exception details.
                IncludeDetailedErrors = false,
                AllowConcurrentInvocation = false,
            };
        });
}
