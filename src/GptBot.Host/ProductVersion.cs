using System.Reflection;

namespace GptBot.Host;

/// <summary>
/// The product version the build stamped (one number for the whole product, set in Directory.Build.props), as the
/// operator sees it in <c>GptBot --version</c>, the first start-up line and <c>/healthz</c>.
/// </summary>
public static class ProductVersion
{
    /// <summary>The version without build metadata, e.g. <c>1.0.0</c>.</summary>
    public static string Current { get; } = Read();

    private static string Read()
    {
        var informational = typeof(ProductVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(ProductVersion).Assembly.GetName().Version?.ToString(3)
            ?? "0.0.0";

        // The SDK appends "+<commit>" when it knows the commit; builds without .git (a Docker build) would then differ
        // from the same version built from a clone, so the version shown is the number alone.
        var metadata = informational.IndexOf('+', StringComparison.Ordinal);
        return metadata < 0 ? informational : informational[..metadata];
    }
}
