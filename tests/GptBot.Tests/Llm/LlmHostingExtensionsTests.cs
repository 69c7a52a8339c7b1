using GptBot.Chat;
using GptBot.Chat.Ports;
using GptBot.Llm;
using GptBot.Llm.OpenAiCompatible;
using GptBot.Llm.WebSession;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GptBot.Tests.Llm;

/// <summary>Every backend is composed into one chain: failure translation outermost, the backend innermost.</summary>
[Trait("Category", "Unit")]
public sealed class LlmHostingExtensionsTests
{
    [Theory]
    [InlineData(LlmBackend.Api, typeof(OpenAiCompatibleChatClient))]
    [InlineData(LlmBackend.Web, typeof(WebSessionChatClient))]
    public void The_backend_sits_under_the_failure_translation(LlmBackend backend, Type inner)
    {
        using var services = Build(backend, LogLevel.Information);

        var client = services.GetRequiredService<IChatClient>();

        Assert.IsType<FailureTranslatingChatClient>(client);
        Assert.IsType(inner, client.GetService(inner));
        Assert.Null(client.GetService<LoggingChatClient>());
    }

    [Fact]
    public void Per_request_logging_joins_the_chain_only_when_its_category_logs_at_debug()
    {
        using var services = Build(LlmBackend.Api, LogLevel.Debug);

        var client = services.GetRequiredService<IChatClient>();

        Assert.IsType<FailureTranslatingChatClient>(client);
        Assert.NotNull(client.GetService<LoggingChatClient>());
        Assert.NotNull(client.GetService<OpenAiCompatibleChatClient>());
    }

    private static ServiceProvider Build(LlmBackend backend, LogLevel aiLevel)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Information)
            .AddFilter("Microsoft.Extensions.AI", aiLevel)
            .AddProvider(new AnyLevelProvider()));
        services.AddMetrics();
        services.AddChat();
        services.Configure<LlmOptions>(options =>
        {
            options.Backend = backend;
            options.ApiKeys = ["sk-test"];
            options.BaseUrl = new Uri("http://127.0.0.1:9/v1");
            options.DataDirectory = Path.Combine(Path.GetTempPath(), "gptbot-tests", Guid.NewGuid().ToString("N"));
        });
        services.AddLlm(backend);
        return services.BuildServiceProvider();
    }

    /// <summary>A sink that takes every level, so only the factory's filters decide what is enabled.</summary>
    private sealed class AnyLevelProvider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new AnyLevelLogger();

        public void Dispose()
        {
        }

        private sealed class AnyLevelLogger : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
            }
        }
    }
}
