using Microsoft.AspNetCore.Http;

namespace GptBot.Admin.Texts;

/// <summary>
/// Picks the console's language: Chinese unless the operator chose English, with <c>?lang=en</c> (remembered in a
/// cookie) or an earlier choice in that cookie.
/// </summary>
public static class ConsoleLanguage
{
    public const string Cookie = "gptbot-admin-lang";
    public const string Query = "lang";
    private static readonly object ItemKey = new();

    /// <summary>Resolves the request's language, remembering a choice made with the query.</summary>
    public static ConsoleTexts Resolve(HttpContext context)
    {
        var chosen = context.Request.Query[Query].FirstOrDefault();
        if (chosen is "en" or "zh")
        {
            context.Response.Cookies.Append(Cookie, chosen, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = context.Request.IsHttps,
                Path = "/admin",
                MaxAge = TimeSpan.FromDays(365),
                IsEssential = true,
            });
        }
        else
        {
            chosen = context.Request.Cookies[Cookie];
        }

        var texts = chosen == "en" ? ConsoleTexts.English : ConsoleTexts.Chinese;
        context.Items[ItemKey] = texts;
        return texts;
    }

    /// <summary>The texts <see cref="Resolve"/> chose for this request.</summary>
    public static ConsoleTexts Texts(this HttpContext context) =>
        context.Items.TryGetValue(ItemKey, out var texts) && texts is ConsoleTexts chosen ? chosen : Resolve(context);
}
