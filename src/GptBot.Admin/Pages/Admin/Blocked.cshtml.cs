using System.Globalization;
using GptBot.Admin.Texts;
using GptBot.Chat.Ports;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GptBot.Admin.Pages.Admin;

/// <summary>The users ignored in every chat: the same list <c>/gpt_control block</c> and <c>unblock</c> change.</summary>
public sealed class BlockedModel(IChatSettingsStore settings) : PageModel
{
    public IReadOnlyList<long> Users { get; private set; } = [];

    public string? Error { get; private set; }

    public void OnGet() => Users = [.. settings.BlockedUsers().Order()];

    public async Task<IActionResult> OnPostBlockAsync([FromForm] string? user, CancellationToken cancellationToken)
    {
        if (!long.TryParse(user?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
        {
            Error = HttpContext.Texts().BlockedBadId;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            OnGet();
            return Page();
        }

        await settings.SetBlockedAsync(id, blocked: true, cancellationToken);
        return Redirect("/admin/blocked");
    }

    public async Task<IActionResult> OnPostUnblockAsync([FromForm] long user, CancellationToken cancellationToken)
    {
        await settings.SetBlockedAsync(user, blocked: false, cancellationToken);
        return Redirect("/admin/blocked");
    }
}
