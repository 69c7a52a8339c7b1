namespace GptBot.Chat.Settings;

/// <summary>Whose context a group message joins (GPT_CONTEXT_SCOPE, <c>/gpt_control scope</c>).</summary>
public enum ContextScope
{
    /// <summary>One context shared by the whole group, as the original plugin kept it.</summary>
    Group,

    /// <summary>One context per member of the group.</summary>
    Member,
}
