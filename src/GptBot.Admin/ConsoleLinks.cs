using System.Globalization;
using GptBot.Admin.Texts;
using GptBot.Chat.Model;
using GptBot.Chat.Usage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;

namespace GptBot.Admin;

/// <summary>Links and formats the pages share.</summary>
public static class ConsoleLinks
{
    /// <summary>The current page in the other language (its other query values kept).</summary>
    public static string SwitchLanguage(HttpContext context)
    {
        var query = new QueryBuilder(context.Request.Query
            .Where(pair => pair.Key != ConsoleLanguage.Query)
            .SelectMany(pair => pair.Value.Select(value => new KeyValuePair<string, string>(pair.Key, value ?? string.Empty))))
        {
            { ConsoleLanguage.Query, context.Texts().SwitchCode },
        };
        return context.Request.Path + query.ToQueryString().Value;
    }

    /// <summary>A chat's page.</summary>
    public static string Chat(ConversationKey key) => "/admin/chat?key=" + Uri.EscapeDataString(key.ToString());

    /// <summary>A moment in the bot's time zone (GPT_TIMEZONE), to the second.</summary>
    public static string Time(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>Today in the bot's time zone (GPT_TIMEZONE), the day the usage ledger counts in.</summary>
    public static DateOnly Today(TimeProvider timeProvider, TimeZoneInfo zone) => TokenBudget.DayOf(timeProvider.GetUtcNow(), zone);

    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Format(string text, object? value) => string.Format(CultureInfo.InvariantCulture, text, value);

    public static string Kind(ConversationKey key, ConsoleTexts texts) => key.IsGroup ? texts.KindGroup : texts.KindPrivate;
}
