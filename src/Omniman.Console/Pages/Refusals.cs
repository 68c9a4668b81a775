using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Omniman.Common;

namespace Omniman.OperatorConsole.Pages;

/// <summary>
/// How a console form answers a broken rule (docs/console.md): the same page again with the reason
/// where the operator looks, never a stack trace or a blank page; something that does not exist is a 404.
/// </summary>
internal static class Refusals
{
    /// <summary>Runs <paramref name="action"/>; on a broken rule <paramref name="refused"/> keeps the reason and reloads, and the page answers <paramref name="status"/>.</summary>
    public static async Task<IActionResult> ActAsync(this PageModel page, Func<Task<IActionResult>> action, Func<OmnimanException, Task> refused,
        int status = StatusCodes.Status409Conflict)
    {
        try
        {
            return await action();
        }
        catch (OmnimanException ex) when (ex.Code != "not_found")
        {
            await refused(ex);
            page.Response.StatusCode = status;
            return page.Page();
        }
        catch (OmnimanException)
        {
            return page.NotFound();
        }
    }

    /// <summary>The field a refusal names in its context (<c>field</c>, as the API's envelope carries it), if any.</summary>
    public static string? Field(OmnimanException ex) =>
        ex.Context is null ? null : JsonSerializer.SerializeToNode(ex.Context)?["field"]?.GetValue<string>();
}
