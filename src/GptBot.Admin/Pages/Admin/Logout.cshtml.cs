using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GptBot.Admin.Pages.Admin;

/// <summary>Ends the session (a POST with the form token; a GET only goes back to the dashboard).</summary>
public sealed class LogoutModel : PageModel
{
    public IActionResult OnGet() => Redirect(AdminHostingExtensions.PathBase);

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(AdminHostingExtensions.Scheme);
        return Redirect(AdminHostingExtensions.PathBase + "/login");
    }
}
