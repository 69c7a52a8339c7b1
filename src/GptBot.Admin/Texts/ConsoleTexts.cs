namespace GptBot.Admin.Texts;

/// <summary>
/// Every text the console shows, for one language. Each language is one instance in one file
/// (<see cref="Chinese"/>, <see cref="English"/>); a text missing from either does not compile.
/// Texts with <c>{0}</c> are formatted with the invariant culture.
/// </summary>
public sealed partial record ConsoleTexts
{
    public required string Code { get; init; }
    public required string HtmlLang { get; init; }
    public required string SwitchLabel { get; init; }
    public required string SwitchCode { get; init; }

    public required string Title { get; init; }
    public required string NavDashboard { get; init; }
    public required string NavChats { get; init; }
    public required string NavPersonas { get; init; }
    public required string NavBlocked { get; init; }
    public required string NavUsage { get; init; }
    public required string Logout { get; init; }

    public required string LoginHeading { get; init; }
    public required string LoginToken { get; init; }
    public required string LoginButton { get; init; }
    public required string LoginWrong { get; init; }
    public required string LoginThrottled { get; init; }

    public required string BotsHeading { get; init; }
    public required string BotsNone { get; init; }
    public required string BotSelfId { get; init; }
    public required string BotImplementation { get; init; }
    public required string BotRole { get; init; }
    public required string BotSince { get; init; }
    public required string Unknown { get; init; }
    public required string AnswersChart { get; init; }
    public required string FailuresLegend { get; init; }
    public required string LatencyChart { get; init; }
    public required string ChartStart { get; init; }
    public required string ChartNow { get; init; }
    public required string ErrorsHeading { get; init; }
    public required string ErrorsNone { get; init; }
    public required string OutcomesHeading { get; init; }
    public required string OutcomeAnswered { get; init; }
    public required string OutcomeFailed { get; init; }
    public required string OutcomeTimeout { get; init; }
    public required string OutcomeRefused { get; init; }
    public required string OutcomeAborted { get; init; }
    public required string CircuitHeading { get; init; }
    public required string CircuitClosed { get; init; }
    public required string CircuitOpen { get; init; }
    public required string CircuitHalfOpen { get; init; }
    public required string CircuitNone { get; init; }
    public required string TokensToday { get; init; }
    public required string TokensInput { get; init; }
    public required string TokensOutput { get; init; }
    public required string TokensTotal { get; init; }

    public required string ChatsHeading { get; init; }
    public required string ChatsSearch { get; init; }
    public required string ChatsSearchButton { get; init; }
    public required string ChatsNone { get; init; }
    public required string ChatsShown { get; init; }
    public required string ChatColumn { get; init; }
    public required string KindColumn { get; init; }
    public required string BotColumn { get; init; }
    public required string LastActivityColumn { get; init; }
    public required string TurnsColumn { get; init; }
    public required string SettingsColumn { get; init; }
    public required string KindGroup { get; init; }
    public required string KindPrivate { get; init; }
    public required string GlobalSettings { get; init; }

    public required string ChatHeading { get; init; }
    public required string HistoryHeading { get; init; }
    public required string HistoryNone { get; init; }
    public required string RoleUser { get; init; }
    public required string RoleAssistant { get; init; }
    public required string ResetButton { get; init; }
    public required string ResetDone { get; init; }
    public required string ChatSettingsHeading { get; init; }
    public required string SettingEnabled { get; init; }
    public required string SettingPersona { get; init; }
    public required string SettingModel { get; init; }
    public required string SettingScope { get; init; }
    public required string SettingReplyMode { get; init; }
    public required string Default { get; init; }
    public required string On { get; init; }
    public required string Off { get; init; }
    public required string ScopeGroup { get; init; }
    public required string ScopeMember { get; init; }
    public required string Save { get; init; }
    public required string Saved { get; init; }
    public required string InvalidChoice { get; init; }
    public required string NoSuchChat { get; init; }

    public required string PersonasHeading { get; init; }
    public required string PersonasNone { get; init; }
    public required string PersonaName { get; init; }
    public required string PersonaPrompt { get; init; }
    public required string PersonaEdit { get; init; }
    public required string PersonaAdd { get; init; }
    public required string PersonaBadName { get; init; }
    public required string PersonaEmpty { get; init; }

    public required string BlockedHeading { get; init; }
    public required string BlockedNone { get; init; }
    public required string BlockedUser { get; init; }
    public required string Block { get; init; }
    public required string Unblock { get; init; }
    public required string BlockedBadId { get; init; }

    public required string UsageHeading { get; init; }
    public required string UsageByChat { get; init; }
    public required string UsageByUser { get; init; }
    public required string UsageUser { get; init; }
    public required string UsageNone { get; init; }

    /// <summary>An answer's outcome as the <c>gptbot.answers</c> counter tags it, in this language.</summary>
    public string Outcome(string outcome) => outcome switch
    {
        "answered" => OutcomeAnswered,
        "failed" => OutcomeFailed,
        "timeout" => OutcomeTimeout,
        "refused" => OutcomeRefused,
        "aborted" => OutcomeAborted,
        _ => outcome,
    };
}
