using Microsoft.Extensions.Hosting;

namespace GptBot.Llm.WebSession;

/// <summary>
/// Refreshes the web session when the service starts, as the seed did. It does not hold up the start: a dead session
/// is logged, and conversations wait for this refresh before their first request so they use its token.
/// </summary>
internal sealed class WebSessionStartup(WebSessionAuthenticator authenticator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        authenticator.BeginStartupRefresh();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        authenticator.Stop();
        return Task.CompletedTask;
    }
}
