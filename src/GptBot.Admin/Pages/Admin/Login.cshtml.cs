using System.Globalization;
using System.Security.Claims;
using GptBot.Admin.Security;
using GptBot.Admin.Texts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace GptBot.Admin.Pages.Admin;

/// <summary>
/// The one way in: the admin token, checked in constant time, at most <see cref="LoginThrottle.MaxFailures"/> wrong
/// ones a minute from an address. Shows no QQ number: it is the only page anyone can see.
/// </summary>
public sealed class LoginModel(IOptions<AdminConsoleOptions> options, LoginThrottle throttle) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? Redirect(Target()) : Page();

    public async Task<IActionResult> OnPostAsync([FromForm] string? token)
    {
        var texts = HttpContext.Texts();
        var address = HttpContext.Connection.RemoteIpAddress;
        if (throttle.IsLocked(address, out var retryAfter))
        {
            var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            Error = ConsoleLinks.Format(texts.LoginThrottled, seconds);
            return Page();
        }

        if (!AdminToken.Matches(options.Value.Token, token))
        {
            throttle.RecordFailure(address);
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            Error = texts.LoginWrong;
            return Page();
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin")], AdminHostingExtensions.Scheme);
        await HttpContext.SignInAsync(AdminHostingExtensions.Scheme, new ClaimsPrincipal(identity));
        return Redirect(Target());
    }

    /// <summary>Where to go after logging in: back to the console page asked for, never elsewhere.</summary>
    private string Target() =>
        ReturnUrl is { } url && Url.IsLocalUrl(url) && url.StartsWith(AdminHostingExtensions.PathBase, StringComparison.OrdinalIgnoreCase)
            ? url
            : AdminHostingExtensions.PathBase;
}
