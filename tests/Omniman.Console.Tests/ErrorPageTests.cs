using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omniman.Persistence;

namespace Omniman.OperatorConsole.Tests;

/// <summary>A console of its own whose database loses a table under it.</summary>
public sealed class BrokenConsoleApp : TestKit.SqliteApp
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => ConsoleSettings.All;
}

/// <summary>
/// A failure no page expects (here the orders table gone from under the console) answers the
/// console's error page: HTML in the operator's language with a reference, never the API's JSON,
/// a stack trace or a blank page.
/// </summary>
public sealed class ErrorPageTests(BrokenConsoleApp app) : IClassFixture<BrokenConsoleApp>
{
    [Fact]
    public async Task UnexpectedFailure_AnswersTheErrorPage_InTheOperatorsLanguage()
    {
        using var console = await ConsoleClient.SignedInAsync(app, acceptLanguage: "pt-BR");
        (await console.GetAsync("/console/orders")).Expect(HttpStatusCode.OK);
        await app.InScopeAsync(async sp => await sp.GetRequiredService<OmnimanDb>().Database.ExecuteSqlRawAsync("ALTER TABLE orders RENAME TO orders_gone"));
        try
        {
            var page = (await console.GetAsync("/console/orders")).Expect(HttpStatusCode.InternalServerError);
            Assert.Contains("<h1>Algo deu errado</h1>", page.Html, StringComparison.Ordinal);
            Assert.Matches("passe esta referência ao administrador: [0-9a-f]{32}</p>", page.Html);
            Assert.DoesNotContain("Exception", page.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("\"error\"", page.Html, StringComparison.Ordinal);
        }
        finally
        {
            await app.InScopeAsync(async sp => await sp.GetRequiredService<OmnimanDb>().Database.ExecuteSqlRawAsync("ALTER TABLE orders_gone RENAME TO orders"));
        }
    }
}
