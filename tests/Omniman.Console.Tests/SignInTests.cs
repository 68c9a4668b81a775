using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Omniman.OperatorConsole.Users;
using Omniman.TestKit;

namespace Omniman.OperatorConsole.Tests;

/// <summary>Sign-in, lockout, antiforgery, roles and disabled users, on both databases.</summary>
public abstract class SignInTests(OmnimanApp app)
{
    private Task<OperatorUser> CreateUserAsync(string name, string role, string password) => app.InScopeAsync(sp =>
        sp.GetRequiredService<ManageOperatorUsers>().CreateAsync(name, role, password, CancellationToken.None));

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    [Fact]
    public async Task SignIn_OpensTheBoard_WithTheBootstrapAdmin()
    {
        using var console = new ConsoleClient(app);
        var before = await console.GetAsync("/console/orders");
        Assert.Equal(HttpStatusCode.Redirect, before.Status);
        Assert.StartsWith("/console/sign-in", before.Location!.PathAndQuery, StringComparison.Ordinal);

        var signedIn = (await console.SignInAsync(ConsoleSettings.Admin, ConsoleSettings.AdminPassword)).Expect(HttpStatusCode.Redirect);
        Assert.Equal("/console/orders", signedIn.Location!.OriginalString);
        var board = (await console.GetAsync("/console/orders")).Expect(HttpStatusCode.OK);
        Assert.Contains("Signed in as boss (admin)", board.Html, StringComparison.Ordinal);

        (await console.PostAsync("/console/sign-out", new Dictionary<string, string>())).Expect(HttpStatusCode.Redirect);
        Assert.Equal(HttpStatusCode.Redirect, (await console.GetAsync("/console/orders")).Status);
    }

    [Fact]
    public async Task SignIn_LocksTheUserOut_AfterRepeatedWrongPasswords()
    {
        var name = Unique("ana");
        await CreateUserAsync(name, OperatorRoles.Operator, "right-password");
        using var console = new ConsoleClient(app);
        for (var i = 1; i < ConsoleSettings.LockoutAttempts; i++)
        {
            var refused = (await console.SignInAsync(name, "wrong-password")).Expect(HttpStatusCode.Unauthorized);
            Assert.Contains("Wrong user name or password.", refused.Html, StringComparison.Ordinal);
        }
        var locked = (await console.SignInAsync(name, "wrong-password")).Expect(HttpStatusCode.Unauthorized);
        Assert.Contains("locked until", locked.Html, StringComparison.Ordinal);

        // The right password does not open a locked user before the lockout ends.
        Assert.Contains("locked until", (await console.SignInAsync(name, "right-password")).Expect(HttpStatusCode.Unauthorized).Html, StringComparison.Ordinal);
        app.Clock.Advance(TimeSpan.FromMinutes(16));
        (await console.SignInAsync(name, "right-password")).Expect(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task SignIn_RefusesAnUnknownUser_WithTheSameAnswerAsAWrongPassword()
    {
        using var console = new ConsoleClient(app);
        var page = (await console.SignInAsync(Unique("nobody"), "whatever-password")).Expect(HttpStatusCode.Unauthorized);
        Assert.Contains("Wrong user name or password.", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forms_AreRefused_WithoutTheAntiforgeryToken()
    {
        using var console = new ConsoleClient(app);
        await console.GetAsync("/console/sign-in");
        var fields = new Dictionary<string, string> { ["name"] = ConsoleSettings.Admin, ["password"] = ConsoleSettings.AdminPassword };
        (await console.PostAsync("/console/sign-in", fields, withToken: false)).Expect(HttpStatusCode.BadRequest);

        (await console.SignInAsync(ConsoleSettings.Admin, ConsoleSettings.AdminPassword)).Expect(HttpStatusCode.Redirect);
        await console.GetAsync("/console/preferences");
        (await console.PostAsync("/console/preferences", new Dictionary<string, string> { ["language"] = "pt-BR" }, withToken: false))
            .Expect(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task DisabledUser_IsSignedOut_AtTheNextRequest()
    {
        var name = Unique("bia");
        await CreateUserAsync(name, OperatorRoles.Operator, "bia-password");
        using var console = new ConsoleClient(app);
        (await console.SignInAsync(name, "bia-password")).Expect(HttpStatusCode.Redirect);
        (await console.GetAsync("/console/orders")).Expect(HttpStatusCode.OK);

        await app.InScopeAsync(sp => sp.GetRequiredService<ManageOperatorUsers>().DisableAsync(name, CancellationToken.None));
        Assert.Equal(HttpStatusCode.Redirect, (await console.GetAsync("/console/orders")).Status);
        Assert.Contains("This user is disabled.", (await console.SignInAsync(name, "bia-password")).Expect(HttpStatusCode.Unauthorized).Html,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preferences_ChoosePortuguese_AndRefuseAnUnknownTimeZoneByItsField()
    {
        var name = Unique("caio");
        await CreateUserAsync(name, OperatorRoles.Operator, "caio-password");
        using var console = new ConsoleClient(app);
        (await console.SignInAsync(name, "caio-password")).Expect(HttpStatusCode.Redirect);
        await console.GetAsync("/console/preferences");
        var refused = (await console.PostAsync("/console/preferences",
            new Dictionary<string, string> { ["language"] = "pt-BR", ["timeZone"] = "Mars/Olympus" })).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("id=\"time_zone-error\"", refused.Html, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", refused.Html, StringComparison.Ordinal);

        (await console.PostAsync("/console/preferences",
            new Dictionary<string, string> { ["language"] = "pt-BR", ["timeZone"] = "America/Sao_Paulo" })).Expect(HttpStatusCode.Redirect);
        var board = (await console.GetAsync("/console/orders")).Expect(HttpStatusCode.OK);
        Assert.Contains("<html lang=\"pt-BR\">", board.Html, StringComparison.Ordinal);
        Assert.Contains("Pedidos", board.Html, StringComparison.Ordinal);
    }
}

public sealed class SqliteSignInTests(ConsoleSqliteApp app) : SignInTests(app), IClassFixture<ConsoleSqliteApp>;

public sealed class PostgresSignInTests(ConsolePostgresApp app) : SignInTests(app), IClassFixture<ConsolePostgresApp>;
