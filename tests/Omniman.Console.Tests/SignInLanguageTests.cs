using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Omniman.OperatorConsole.Users;
using Omniman.TestKit;

namespace Omniman.OperatorConsole.Tests;

/// <summary>The language chosen on the sign-in page, before anyone signs in, on both databases.</summary>
public abstract class SignInLanguageTests(OmnimanApp app)
{
    [Fact]
    public async Task SignInPage_SpeaksPortuguese_AfterChoosingIt_AndSoDoesTheConsoleOfAUserWhoChoseNone()
    {
        var name = $"jo-{Guid.NewGuid():N}"[..20];
        await app.InScopeAsync(sp => sp.GetRequiredService<ManageOperatorUsers>().CreateAsync(name, OperatorRoles.Operator, "jo-password", CancellationToken.None));
        using var console = new ConsoleClient(app, "en-US");
        var english = (await console.GetAsync("/console/sign-in?returnUrl=%2Fconsole%2Fstock")).Expect(HttpStatusCode.OK);
        Assert.Contains("<html lang=\"en\">", english.Html, StringComparison.Ordinal);
        Assert.Contains("<legend>Language</legend>", english.Html, StringComparison.Ordinal);

        var chosen = (await console.PostAsync("/console/sign-in?handler=language",
            new Dictionary<string, string> { ["language"] = "pt-BR", ["returnUrl"] = "/console/stock" })).Expect(HttpStatusCode.Redirect);
        Assert.Equal("/console/sign-in?returnUrl=%2Fconsole%2Fstock", chosen.Location!.OriginalString);
        var portuguese = (await console.GetAsync(chosen.Location!.OriginalString)).Expect(HttpStatusCode.OK);
        Assert.Contains("<html lang=\"pt-BR\">", portuguese.Html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"password\">Senha</label>", portuguese.Html, StringComparison.Ordinal);
        Assert.Contains("<button type=\"submit\">Entrar</button>", portuguese.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"pt-BR\" lang=\"pt-BR\" aria-pressed=\"true\"", portuguese.Html, StringComparison.Ordinal);

        // Wrong passwords are answered in the chosen language too; then the user, who chose no language, reads the console in it.
        var refused = (await console.PostAsync("/console/sign-in", new Dictionary<string, string> { ["name"] = name, ["password"] = "wrong-password" }))
            .Expect(HttpStatusCode.Unauthorized);
        Assert.Contains("Usuário ou senha incorretos.", WebUtility.HtmlDecode(refused.Html), StringComparison.Ordinal);
        (await console.PostAsync("/console/sign-in", new Dictionary<string, string> { ["name"] = name, ["password"] = "jo-password" }))
            .Expect(HttpStatusCode.Redirect);
        var stock = (await console.GetAsync("/console/stock")).Expect(HttpStatusCode.OK);
        Assert.Contains("<h1>Estoque</h1>", stock.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownLanguage_ChangesNothing()
    {
        using var console = new ConsoleClient(app, "pt-BR");
        await console.GetAsync("/console/sign-in");
        (await console.PostAsync("/console/sign-in?handler=language", new Dictionary<string, string> { ["language"] = "xx" }))
            .Expect(HttpStatusCode.Redirect);
        var page = (await console.GetAsync("/console/sign-in")).Expect(HttpStatusCode.OK);
        Assert.Contains("<html lang=\"pt-BR\">", page.Html, StringComparison.Ordinal);

        (await console.PostAsync("/console/sign-in?handler=language", new Dictionary<string, string> { ["language"] = "en" }))
            .Expect(HttpStatusCode.Redirect);
        Assert.Contains("<html lang=\"en\">", (await console.GetAsync("/console/sign-in")).Expect(HttpStatusCode.OK).Html, StringComparison.Ordinal);
    }
}

public sealed class SqliteSignInLanguageTests(ConsoleSqliteApp app) : SignInLanguageTests(app), IClassFixture<ConsoleSqliteApp>;

public sealed class PostgresSignInLanguageTests(ConsolePostgresApp app) : SignInLanguageTests(app), IClassFixture<ConsolePostgresApp>;
