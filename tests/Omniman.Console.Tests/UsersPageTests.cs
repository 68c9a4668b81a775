using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omniman.OperatorConsole.Users;
using Omniman.Persistence;
using Omniman.TestKit;

namespace Omniman.OperatorConsole.Tests;

/// <summary>The users page below the browser: create, disable, enable, a new password, no disabling oneself, admins only.</summary>
public abstract class UsersPageTests(OmnimanApp app)
{
    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    private Task<OperatorUser?> UserAsync(string name) => app.InScopeAsync(sp =>
        sp.GetRequiredService<OmnimanDb>().Set<OperatorUser>().AsNoTracking().FirstOrDefaultAsync(u => u.NameKey == OperatorUser.KeyOf(name)));

    private Task<OperatorUser> CreateUserAsync(string name, string role, string password) => app.InScopeAsync(sp =>
        sp.GetRequiredService<ManageOperatorUsers>().CreateAsync(name, role, password, CancellationToken.None));

    private async Task<HttpStatusCode> SignInStatusAsync(string name, string password)
    {
        using var someone = new ConsoleClient(app);
        return (await someone.SignInAsync(name, password)).Status;
    }

    [Fact]
    public async Task Create_MakesAUserWhoCanSignIn()
    {
        var name = Unique("dora");
        using var console = await ConsoleClient.SignedInAsync(app);
        await console.GetAsync("/console/users");

        var created = (await console.PostAsync("/console/users?handler=create", new Dictionary<string, string>
        {
            ["name"] = name, ["role"] = OperatorRoles.Admin, ["password"] = "dora-password",
        })).Expect(HttpStatusCode.Redirect);
        Assert.Equal("/console/users", created.Location!.OriginalString);
        Assert.Equal(OperatorRoles.Admin, (await UserAsync(name))!.Role);
        var list = (await console.GetAsync("/console/users")).Expect(HttpStatusCode.OK);
        Assert.Contains($"User {name} created; they can sign in now.", list.Html, StringComparison.Ordinal);
        Assert.Contains($"<tr data-user=\"{name}\">", list.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("dora-password", list.Html, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, await SignInStatusAsync(name, "dora-password"));
        Assert.NotNull((await UserAsync(name))!.LastSignInAt);
    }

    [Fact]
    public async Task Create_ShowsTheErrorByItsField()
    {
        var name = Unique("eva");
        using var console = await ConsoleClient.SignedInAsync(app);
        await console.GetAsync("/console/users");

        var shortPassword = (await console.PostAsync("/console/users?handler=create", new Dictionary<string, string>
        {
            ["name"] = name, ["role"] = OperatorRoles.Operator, ["password"] = "short",
        })).Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("id=\"password-error\">A password has 8 to 256 characters.", shortPassword.Html, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\" aria-describedby=\"password-error\"", shortPassword.Html, StringComparison.Ordinal);
        Assert.Contains($"value=\"{name}\"", shortPassword.Html, StringComparison.Ordinal);
        Assert.Null(await UserAsync(name));

        await CreateUserAsync(name, OperatorRoles.Operator, "eva-password");
        var taken = (await console.PostAsync("/console/users?handler=create", new Dictionary<string, string>
        {
            ["name"] = name.ToUpperInvariant(), ["role"] = OperatorRoles.Operator, ["password"] = "another-password",
        })).Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("id=\"name-error\">User", taken.Html, StringComparison.Ordinal);
        Assert.Contains("already exists.", taken.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disable_MakesSignInFail_AndEnableLetsTheUserBackIn()
    {
        var name = Unique("fabio");
        await CreateUserAsync(name, OperatorRoles.Operator, "fabio-password");
        using var fabio = await ConsoleClient.SignedInAsync(app, name: name, password: "fabio-password");
        using var console = await ConsoleClient.SignedInAsync(app);
        await console.GetAsync($"/console/users/{name}");

        var disabled = (await console.PostAsync($"/console/users/{name}?handler=disable", new Dictionary<string, string>())).Expect(HttpStatusCode.Redirect);
        Assert.Equal($"/console/users/{name}", disabled.Location!.OriginalString);
        Assert.True((await UserAsync(name))!.IsDisabled);
        Assert.Equal(HttpStatusCode.Redirect, (await fabio.GetAsync("/console/orders")).Status);
        using (var again = new ConsoleClient(app))
        {
            var refused = (await again.SignInAsync(name, "fabio-password")).Expect(HttpStatusCode.Unauthorized);
            Assert.Contains("This user is disabled.", refused.Html, StringComparison.Ordinal);
        }
        var page = (await console.GetAsync($"/console/users/{name}")).Expect(HttpStatusCode.OK);
        Assert.Contains("<span data-state=\"disabled\">Disabled</span>", page.Html, StringComparison.Ordinal);

        (await console.PostAsync($"/console/users/{name}?handler=enable", new Dictionary<string, string>())).Expect(HttpStatusCode.Redirect);
        Assert.False((await UserAsync(name))!.IsDisabled);
        Assert.Equal(HttpStatusCode.Redirect, await SignInStatusAsync(name, "fabio-password"));
    }

    [Fact]
    public async Task AnAdmin_CannotDisableThemselves_AndThePageSaysWhy()
    {
        var name = Unique("gil");
        await CreateUserAsync(name, OperatorRoles.Admin, "gil-password");
        using var console = await ConsoleClient.SignedInAsync(app, name: name, password: "gil-password");

        var own = (await console.GetAsync($"/console/users/{name}")).Expect(HttpStatusCode.OK);
        Assert.Contains("You cannot disable yourself; another admin can.", own.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("?handler=disable", own.Html, StringComparison.Ordinal);

        var refused = (await console.PostAsync($"/console/users/{name}?handler=disable", new Dictionary<string, string>()))
            .Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("id=\"disable-error\">You cannot disable yourself; another admin can.", refused.Html, StringComparison.Ordinal);
        Assert.False((await UserAsync(name))!.IsDisabled);
        (await console.GetAsync("/console/orders")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task NewPassword_ReplacesTheOldOne_UnderTheSameRules()
    {
        var name = Unique("hana");
        await CreateUserAsync(name, OperatorRoles.Operator, "hana-old-password");
        using var console = await ConsoleClient.SignedInAsync(app);
        await console.GetAsync($"/console/users/{name}");

        var tooShort = (await console.PostAsync($"/console/users/{name}?handler=password", new Dictionary<string, string> { ["password"] = "1234" }))
            .Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("id=\"password-error\">A password has 8 to 256 characters.", tooShort.Html, StringComparison.Ordinal);

        (await console.PostAsync($"/console/users/{name}?handler=password", new Dictionary<string, string> { ["password"] = "hana-new-password" }))
            .Expect(HttpStatusCode.Redirect);
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInStatusAsync(name, "hana-old-password"));
        Assert.Equal(HttpStatusCode.Redirect, await SignInStatusAsync(name, "hana-new-password"));
    }

    [Fact]
    public async Task AnOperator_IsRefusedTheUsersPages_AndCannotDisableAnyone()
    {
        var operatorName = Unique("op");
        await CreateUserAsync(operatorName, OperatorRoles.Operator, "operator-password");
        var other = Unique("ivo");
        await CreateUserAsync(other, OperatorRoles.Operator, "ivo-password");
        using var console = await ConsoleClient.SignedInAsync(app, name: operatorName, password: "operator-password");

        var board = (await console.GetAsync("/console/orders")).Expect(HttpStatusCode.OK);
        Assert.DoesNotContain("href=\"/console/users\"", board.Html, StringComparison.Ordinal);
        foreach (var path in new[] { "/console/users", $"/console/users/{other}" })
        {
            var refused = await console.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, refused.Status);
            Assert.StartsWith("/console/denied", refused.Location!.PathAndQuery, StringComparison.Ordinal);
            (await console.GetAsync(refused.Location!.PathAndQuery)).Expect(HttpStatusCode.Forbidden);
        }
        var post = await console.PostAsync($"/console/users/{other}?handler=disable", new Dictionary<string, string>());
        Assert.StartsWith("/console/denied", post.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.False((await UserAsync(other))!.IsDisabled);
    }
}

public sealed class SqliteUsersPageTests(ConsoleSqliteApp app) : UsersPageTests(app), IClassFixture<ConsoleSqliteApp>;

public sealed class PostgresUsersPageTests(ConsolePostgresApp app) : UsersPageTests(app), IClassFixture<ConsolePostgresApp>;
