using SkiaSharp;

namespace GptBot.Rendering;

/// <summary>
/// The typefaces a reply image uses: a text face that has CJK glyphs, a monospace face for code, and per-character
/// fallback through the system's font manager for anything neither has (emoji, rare scripts). Loaded once and kept
/// for the life of the service, with bounded lookup caches; not thread-safe (the renderer draws one image at a time).
/// </summary>
internal sealed class FontSet
{
    /// <summary>Fonts that carry CJK glyphs where Debian and Windows put them, tried when the font manager finds none.</summary>
    private static readonly string[] KnownCjkFonts =
    [
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
        @"C:\Windows\Fonts\msyh.ttc",
        @"C:\Windows\Fonts\simsun.ttc",
        "/System/Library/Fonts/PingFang.ttc",
    ];

    private static readonly string[] MonospaceFamilies = ["DejaVu Sans Mono", "Noto Sans Mono", "Liberation Mono", "Consolas", "Menlo"];

    private static readonly string[] KnownMonospaceFonts =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf",
        @"C:\Windows\Fonts\consola.ttf",
    ];

    /// <summary>Characters whose fallback face (or lack of one) is remembered; more start the memory afresh.</summary>
    public const int MaxCachedFallbacks = 1024;

    private const int MaxCachedProbes = 64;

    private readonly Dictionary<int, SKTypeface?> _fallbacks = [];
    private readonly Dictionary<SKTypeface, SKFont> _probes = [];

    private FontSet(SKTypeface text, SKTypeface mono, string description)
    {
        Text = text;
        Mono = mono;
        Description = description;
    }

    /// <summary>Whether one of the well-known CJK font files is installed (tests expect a CJK face then).</summary>
    public static bool KnownCjkFontInstalled => KnownCjkFonts.Any(File.Exists);

    public SKTypeface Text { get; }

    public SKTypeface Mono { get; }

    /// <summary>Characters whose fallback face (or lack of one) is remembered.</summary>
    internal int CachedFallbackCount => _fallbacks.Count;

    /// <summary>Which text face was chosen and how, for the log.</summary>
    public string Description { get; }

    /// <summary>Whether the text face can draw Chinese; when false, Chinese answers would come out as empty boxes.</summary>
    public bool HasCjk => Covers(Text, '中');

    public static FontSet Load(string? fontPath)
    {
        var manager = SKFontManager.Default;
        SKTypeface? text = null;
        var description = string.Empty;
        if (!string.IsNullOrWhiteSpace(fontPath))
        {
            text = File.Exists(fontPath) ? SKTypeface.FromFile(fontPath) : null;
            description = text is null ? $"GPT_IMAGE_FONT '{fontPath}' could not be loaded; " : $"GPT_IMAGE_FONT {fontPath} ({text.FamilyName})";
        }

        if (text is null && manager.MatchCharacter('中') is { } matched)
        {
            text = matched;
            description += $"system font {matched.FamilyName} (matched for CJK)";
        }

        if (text is null && KnownCjkFonts.FirstOrDefault(File.Exists) is { } known)
        {
            text = SKTypeface.FromFile(known);
            description += $"{known} ({text?.FamilyName})";
        }

        if (text is null)
        {
            text = SKTypeface.Default;
            description += $"default font {text.FamilyName} (no CJK font found: install fonts-wqy-microhei or set GPT_IMAGE_FONT)";
        }

        var mono = FindMonospace(manager) ?? text;
        return new FontSet(text, mono, description + $", code in {mono.FamilyName}");
    }

    /// <summary>
    /// A monospace face by family name, else by file. A font manager without fontconfig answers any family with its
    /// default face, so the answer counts only if its family is the one asked for.
    /// </summary>
    private static SKTypeface? FindMonospace(SKFontManager manager)
    {
        foreach (var family in MonospaceFamilies)
        {
            if (manager.MatchFamily(family) is { } face && string.Equals(face.FamilyName, family, StringComparison.OrdinalIgnoreCase))
            {
                return face;
            }
        }

        return KnownMonospaceFonts.Where(File.Exists).Select(path => SKTypeface.FromFile(path)).FirstOrDefault(face => face is not null);
    }

    /// <summary>The face to draw <paramref name="codePoint"/> with, preferring <paramref name="preferred"/>.</summary>
    public SKTypeface FaceFor(SKTypeface preferred, int codePoint)
    {
        if (codePoint < 0x20 || Covers(preferred, codePoint))
        {
            return preferred;
        }

        if (Covers(Text, codePoint))
        {
            return Text;
        }

        if (!_fallbacks.TryGetValue(codePoint, out var fallback))
        {
            if (_fallbacks.Count >= MaxCachedFallbacks)
            {
                _fallbacks.Clear();
            }

            fallback = SKFontManager.Default.MatchCharacter(codePoint);
            _fallbacks[codePoint] = fallback;
        }

        return fallback ?? preferred;
    }

    /// <summary>Whether <paramref name="face"/> has a glyph for <paramref name="codePoint"/> (SkiaSharp asks through an SKFont).</summary>
    private bool Covers(SKTypeface face, int codePoint)
    {
        if (!_probes.TryGetValue(face, out var probe))
        {
            if (_probes.Count >= MaxCachedProbes)
            {
                foreach (var open in _probes.Values)
                {
                    open.Dispose();
                }

                _probes.Clear();
            }

            probe = new SKFont(face);
            _probes[face] = probe;
        }

        return probe.ContainsGlyph(codePoint);
    }
}
