namespace GptBot.Host.Configuration;

/// <summary>
/// One flat setting (a NoneBot or nonebot-plugin-gpt name such as GPT_TIMEOUT): how its text reads as a value, which
/// values it accepts, and how a problem is worded for the operator. The factories of <see cref="FlatSetting"/> make them.
/// </summary>
/// <param name="parse">The value written, or why the text is not one (the problem, without the key).</param>
/// <param name="check">What is wrong with a value, given how it was written; null when it is fine.</param>
/// <param name="show">A value as the operator would write it, for a value that did not come from the text.</param>
internal sealed class FlatSetting<T>(
    string key,
    Func<string, (T Value, string? Problem)> parse,
    Func<T?, string, string?> check,
    Func<T?, string> show)
{
    public string Key { get; } = key;

    public (T Value, string? Problem) Parse(string text) => parse(text);

    public string? Check(T? value, string shown) => check(value, shown);

    public string Show(T? value) => show(value);

    /// <summary>
    /// The same setting for a secret (an API key, a token): its problems name it without showing the value, which would
    /// otherwise reach the console and every log collector.
    /// </summary>
    public FlatSetting<T> Secret() => new(
        Key,
        text =>
        {
            var (value, problem) = parse(text);
            return (value, problem?.Replace(text, SecretRedactor.Mask, StringComparison.Ordinal));
        },
        (value, _) => check(value, SecretRedactor.Mask),
        _ => SecretRedactor.Mask);

    /// <summary>The same setting held in other units (seconds as a <see cref="TimeSpan"/>...).</summary>
    public FlatSetting<TOut> Select<TOut>(Func<T, TOut> to, Func<TOut, T> from) => new(
        Key,
        text =>
        {
            var (value, problem) = parse(text);
            return problem is null ? (to(value), null) : (default!, problem);
        },
        (value, shown) => value is null ? null : check(from(value), shown),
        value => value is null ? string.Empty : show(from(value)));
}
