using Microsoft.Extensions.Options;

namespace GptBot.Host.Configuration;

/// <summary>
/// Checks a section's options as the container built them (flat settings, plus anything code configured), with the
/// same rules and wording as the check made before the host is built.
/// </summary>
internal sealed class FlatSectionValidator<TOptions>(FlatSection<TOptions> section, IConfiguration configuration) : IValidateOptions<TOptions>
    where TOptions : class, new()
{
    public ValidateOptionsResult Validate(string? name, TOptions options) =>
        section.Validate(configuration, options) is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
