namespace GptBot.Host.Configuration;

/// <summary>One options section read from the flat settings, whatever its options class.</summary>
internal interface IFlatSection
{
    /// <summary>Every problem of the section as <paramref name="configuration"/> gives it, one line each, naming its setting.</summary>
    IReadOnlyList<string> Problems(IConfiguration configuration);

    /// <summary>Binds the section's options from the flat settings and checks them when the service starts.</summary>
    void Register(IServiceCollection services);
}
