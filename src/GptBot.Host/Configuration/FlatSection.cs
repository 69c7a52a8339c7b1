using Microsoft.Extensions.Options;

namespace GptBot.Host.Configuration;

/// <summary>
/// How one options class is read from the flat settings: which name sets which property, and the checks that span
/// properties. Reading never fails: a value that cannot be read leaves the default in place, and the check names it,
/// so one start reports every bad setting at once.
/// </summary>
internal sealed class FlatSection<TOptions> : IFlatSection
    where TOptions : class, new()
{
    private readonly List<Binding> _bindings = [];
    private readonly List<CrossCheck> _rules = [];

    /// <summary>Maps <paramref name="setting"/> onto a property: read with <paramref name="set"/>, checked through <paramref name="get"/>.</summary>
    public FlatSection<TOptions> Add<T>(FlatSetting<T> setting, Func<TOptions, T?> get, Action<TOptions, T> set)
    {
        _bindings.Add(new Binding(
            setting.Key,
            (configuration, options) =>
            {
                if (FlatText.Read(configuration, setting.Key) is { } text && setting.Parse(text) is (var value, null))
                {
                    set(options, value);
                }
            },
            (configuration, options) =>
            {
                var text = FlatText.Read(configuration, setting.Key);
                var (written, problem) = text is null ? (default(T), (string?)null) : setting.Parse(text);
                if (problem is not null)
                {
                    return problem;
                }

                // Shown as the operator wrote it, unless code changed the value since.
                var value = get(options);
                var shown = text is not null && EqualityComparer<T?>.Default.Equals(written, value) ? text : setting.Show(value);
                return setting.Check(value, shown);
            }));
        return this;
    }

    /// <summary>
    /// A check on the bound options, reported under <paramref name="key"/>. It is skipped while <paramref name="key"/>
    /// or one of <paramref name="alsoReads"/> has a problem of its own, so one mistake gives one line.
    /// </summary>
    public FlatSection<TOptions> Rule(string key, Func<TOptions, string?> problem, params string[] alsoReads)
    {
        _rules.Add(new CrossCheck([key, .. alsoReads], problem));
        return this;
    }

    /// <summary>The options as the flat settings give them, without checking them.</summary>
    public TOptions Read(IConfiguration configuration)
    {
        var options = new TOptions();
        Bind(configuration, options);
        return options;
    }

    public void Bind(IConfiguration configuration, TOptions options)
    {
        foreach (var binding in _bindings)
        {
            binding.Bind(configuration, options);
        }
    }

    /// <summary>Every problem of <paramref name="options"/>, one line each, naming its setting.</summary>
    public IReadOnlyList<string> Validate(IConfiguration configuration, TOptions options)
    {
        var problems = new List<string>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var binding in _bindings)
        {
            if (binding.Problem(configuration, options) is { } problem)
            {
                problems.Add($"{binding.Key}: {problem}");
                keys.Add(binding.Key);
            }
        }

        foreach (var rule in _rules)
        {
            if (!rule.Keys.Any(keys.Contains) && rule.Problem(options) is { } problem)
            {
                problems.Add($"{rule.Keys[0]}: {problem}");
                keys.Add(rule.Keys[0]);
            }
        }

        return problems;
    }

    public IReadOnlyList<string> Problems(IConfiguration configuration) => Validate(configuration, Read(configuration));

    public void Register(IServiceCollection services)
    {
        services.AddOptions<TOptions>()
            .Configure<IConfiguration>((options, configuration) => Bind(configuration, options))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>>(sp => new FlatSectionValidator<TOptions>(this, sp.GetRequiredService<IConfiguration>()));
    }

    private sealed record Binding(string Key, Action<IConfiguration, TOptions> Bind, Func<IConfiguration, TOptions, string?> Problem);

    private sealed record CrossCheck(string[] Keys, Func<TOptions, string?> Problem);
}
