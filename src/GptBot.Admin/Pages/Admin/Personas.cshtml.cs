using GptBot.Admin.Texts;
using GptBot.Chat.Ports;
using GptBot.Chat.Settings;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GptBot.Admin.Pages.Admin;

/// <summary>The personas of GPT_PERSONAS_DIR: listed, edited and added through the catalog, which writes their files.</summary>
public sealed class PersonasModel(IPersonaCatalog catalog) : PageModel
{
    /// <summary>How much of each prompt the list shows.</summary>
    public const int PreviewLength = 120;

    [BindProperty(SupportsGet = true)]
    public string? Name { get; set; }

    [BindProperty]
    public string? Prompt { get; set; }

    [BindProperty(Name = "done", SupportsGet = true)]
    public string? Done { get; set; }

    public IReadOnlyList<Persona> Personas { get; private set; } = [];

    public string? Error { get; private set; }

    public void OnGet()
    {
        Personas = catalog.List();
        if (Name is { Length: > 0 } name && catalog.Find(name) is { } persona)
        {
            Name = persona.Name;
            Prompt = persona.Prompt;
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var texts = HttpContext.Texts();
        var name = Name?.Trim() ?? string.Empty;
        var prompt = Prompt?.Trim() ?? string.Empty;
        if (PersonaNames.Problem(name) is not null)
        {
            Error = texts.PersonaBadName;
        }
        else if (prompt.Length == 0)
        {
            Error = texts.PersonaEmpty;
        }
        else
        {
            try
            {
                await catalog.SaveAsync(new Persona(name, prompt), cancellationToken);
                return Redirect("/admin/personas?done=" + Uri.EscapeDataString(name));
            }
            catch (ArgumentException ex)
            {
                // Too large, or a rule of the catalog's own: its words name the limit.
                Error = ex.Message;
            }
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        Personas = catalog.List();
        return Page();
    }
}
