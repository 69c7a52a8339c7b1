using Microsoft.Extensions.Options;

namespace GptBot.Host.Configuration;

/// <summary>
/// A section's options as configured, before its validator runs, for the values another section takes from it
/// (GPT_TIMEOUT for the backend...). A bad value is then reported once, by the section that owns it, and does not stop
/// the other section from being checked too.
/// </summary>
internal sealed class ConfiguredOptions<TOptions>(IEnumerable<IConfigureOptions<TOptions>> setups, IEnumerable<IPostConfigureOptions<TOptions>> postConfigures)
    where TOptions : class
{
    public TOptions Value { get; } = new OptionsFactory<TOptions>(setups, postConfigures).Create(Options.DefaultName);
}
