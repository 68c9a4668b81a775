using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omniman.Access;
using Omniman.OperatorConsole.Users;
using Omniman.Persistence;
using Omniman.TestKit;

namespace Omniman.OperatorConsole.Tests;

/// <summary>The API keys page below the browser: a new key's secret shown once and working, revoke, rotate, errors by field, admins only.</summary>
public abstract partial class KeysPageTests(OmnimanApp app)
{
    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    private Task<ApiKey?> KeyAsync(long id) => app.InScopeAsync(sp =>
        sp.GetRequiredService<OmnimanDb>().ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Id == id));

    private Task<int> KeysNamedAsync(string name) => app.InScopeAsync(sp =>
        sp.GetRequiredService<OmnimanDb>().ApiKeys.CountAsync(k => k.Name == name));

    /// <summary>What the API answers a key: 200 for one that works with <c>orders:read</c>, 401 for one that does not.</summary>
    private async Task<HttpStatusCode> ApiAnswersAsync(string secret)
    {
        using var client = app.Client(secret);
        return (await client.GetAsync("/api/orders")).Status;
    }

    private static long IdIn(Page page) => long.Parse(page.Location!.OriginalString["/console/keys/".Length..], System.Globalization.CultureInfo.InvariantCulture);

    private static string? SecretIn(Page page) => SecretPattern().Match(page.Html) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>Creates a key through the form, as an admin would, and returns its page (with the secret) and id.</summary>
    private static async Task<(long Id, Page Page)> CreateAsync(ConsoleClient console, string name, string scope = Scopes.OrdersRead)
    {
        await console.GetAsync("/console/keys");
        var created = (await console.PostAsync("/console/keys?handler=create", new Dictionary<string, string>
        {
            ["name"] = name, ["scopes"] = scope, ["channels"] = "", ["expiresAt"] = "",
        })).Expect(HttpStatusCode.Redirect);
        var id = IdIn(created);
        return (id, (await console.GetAsync(created.Location!.OriginalString)).Expect(HttpStatusCode.OK));
    }

    [Fact]
    public async Task Create_ShowsTheSecretOnce_WhichWorksAgainstTheApi()
    {
        var name = Unique("till");
        using var console = await ConsoleClient.SignedInAsync(app);
        await console.GetAsync("/console/keys");
        var created = (await console.PostAsync("/console/keys?handler=create", new Dictionary<string, string>
        {
            ["name"] = name, ["scopes"] = Scopes.OrdersRead, ["channels"] = "pos, shop", ["expiresAt"] = "",
        })).Expect(HttpStatusCode.Redirect);
        var id = IdIn(created);

        var page = (await console.GetAsync(created.Location!.OriginalString)).Expect(HttpStatusCode.OK);
        var secret = SecretIn(page);
        Assert.NotNull(secret);
        Assert.StartsWith(ManageApiKeys.SecretPrefix, secret, StringComparison.Ordinal);
        Assert.Contains("Copy it now: it will not be shown again.", page.Html, StringComparison.Ordinal);
        var stored = await KeyAsync(id);
        Assert.Equal(ApiKey.Hash(secret), stored!.SecretHash);
        Assert.Equal(["pos", "shop"], stored.Channels);
        Assert.Equal(HttpStatusCode.OK, await ApiAnswersAsync(secret));

        // A reload shows it no more and makes no second key; nor does the list show it.
        var reload = (await console.GetAsync(created.Location!.OriginalString)).Expect(HttpStatusCode.OK);
        Assert.Null(SecretIn(reload));
        Assert.DoesNotContain(secret, reload.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Copy it now", reload.Html, StringComparison.Ordinal);
        Assert.Contains($"<code>{stored.Prefix}…</code>", reload.Html, StringComparison.Ordinal);
        var list = (await console.GetAsync("/console/keys")).Expect(HttpStatusCode.OK);
        Assert.Contains($"<tr id=\"key-{id}\" data-state=\"active\">", list.Html, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/console/keys/{id}\">{name}</a>", list.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, list.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(stored.SecretHash, list.Html, StringComparison.Ordinal);
        Assert.Equal(1, await KeysNamedAsync(name));
    }

    /// <summary>The page that may carry a secret is kept by no cache.</summary>
    [Fact]
    public async Task KeyPage_IsKeptByNoCache()
    {
        using var console = await ConsoleClient.SignedInAsync(app);
        var (id, _) = await CreateAsync(console, Unique("cache"));
        using var response = await console.GetResponseAsync($"/console/keys/{id}");
        Assert.True(response.Headers.CacheControl?.NoStore, "the key's page must say Cache-Control: no-store");
    }

    [Fact]
    public async Task Revoke_MakesTheApiRefuseTheKey()
    {
        using var console = await ConsoleClient.SignedInAsync(app);
        var (id, page) = await CreateAsync(console, Unique("door"));
        var secret = SecretIn(page)!;
        // Used once, so this process holds the key in its cache: revoking must count here at once all the same.
        Assert.Equal(HttpStatusCode.OK, await ApiAnswersAsync(secret));

        var revoked = (await console.PostAsync($"/console/keys/{id}?handler=revoke", new Dictionary<string, string>())).Expect(HttpStatusCode.Redirect);
        Assert.Equal($"/console/keys/{id}", revoked.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, await ApiAnswersAsync(secret));
        Assert.NotNull((await KeyAsync(id))!.RevokedAt);
        var after = (await console.GetAsync($"/console/keys/{id}")).Expect(HttpStatusCode.OK);
        Assert.Contains($"Key {id} is revoked: it no longer works.", after.Html, StringComparison.Ordinal);
        Assert.Contains("<dd data-state=\"revoked\">Revoked</dd>", after.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("?handler=revoke", after.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotate_ShowsANewWorkingSecret_AndTheOldKeyWorksForTheOverlapChosen()
    {
        var name = Unique("kds");
        using var console = await ConsoleClient.SignedInAsync(app);
        var (oldId, page) = await CreateAsync(console, name);
        var oldSecret = SecretIn(page)!;
        Assert.Equal(HttpStatusCode.OK, await ApiAnswersAsync(oldSecret));

        var rotated = (await console.PostAsync($"/console/keys/{oldId}?handler=rotate", new Dictionary<string, string> { ["overlap"] = "3600" }))
            .Expect(HttpStatusCode.Redirect);
        var newId = IdIn(rotated);
        Assert.NotEqual(oldId, newId);
        var newPage = (await console.GetAsync(rotated.Location!.OriginalString)).Expect(HttpStatusCode.OK);
        var newSecret = SecretIn(newPage);
        Assert.NotNull(newSecret);
        Assert.NotEqual(oldSecret, newSecret);
        Assert.Contains($"This key replaces key {oldId}, which keeps working until", newPage.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await ApiAnswersAsync(newSecret));
        var (old, replacement) = (await KeyAsync(oldId), await KeyAsync(newId));
        Assert.Equal(oldId, replacement!.RotatedFrom);
        Assert.Equal(name, replacement.Name);
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime.AddHours(1), old!.ExpiresAt!.Value, TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, await ApiAnswersAsync(oldSecret));

        // After the overlap the old key is refused; rotating it again is refused with the reason in the page.
        app.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.Unauthorized, await ApiAnswersAsync(oldSecret));
        Assert.Equal(HttpStatusCode.OK, await ApiAnswersAsync(newSecret));
        var again = (await console.PostAsync($"/console/keys/{oldId}?handler=rotate", new Dictionary<string, string> { ["overlap"] = "0" }))
            .Expect(HttpStatusCode.Conflict);
        Assert.Contains("This key is revoked or expired, so it cannot be rotated", again.Html, StringComparison.Ordinal);
        Assert.Equal(2, await KeysNamedAsync(name));
    }

    [Fact]
    public async Task Create_ShowsTheErrorByItsField_AndMakesNoKey()
    {
        var name = Unique("bad");
        using var console = await ConsoleClient.SignedInAsync(app, "pt-BR");
        await console.GetAsync("/console/keys");

        var noScope = (await console.PostAsync("/console/keys?handler=create", new Dictionary<string, string>
        {
            ["name"] = name, ["channels"] = "pos", ["expiresAt"] = "",
        })).Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("id=\"scopes-error\">Este campo é obrigatório.", WebUtility.HtmlDecode(noScope.Html), StringComparison.Ordinal);
        Assert.Contains("<fieldset id=\"scopes\" aria-invalid=\"true\" aria-describedby=\"scopes-error\">", noScope.Html, StringComparison.Ordinal);
        // What was typed comes back with the error.
        Assert.Contains($"value=\"{name}\"", noScope.Html, StringComparison.Ordinal);

        var past = (await console.PostAsync("/console/keys?handler=create", new Dictionary<string, string>
        {
            ["name"] = name, ["scopes"] = Scopes.OrdersRead, ["expiresAt"] = "2020-01-01T00:00",
        })).Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("id=\"expires_at-error\">expires_at must be in the future", past.Html, StringComparison.Ordinal);
        Assert.Contains("checked=\"checked\"", past.Html, StringComparison.Ordinal);

        var badChannel = (await console.PostAsync("/console/keys?handler=create", new Dictionary<string, string>
        {
            ["name"] = name, ["scopes"] = Scopes.OrdersRead, ["channels"] = "Loja Centro!",
        })).Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("id=\"channels-error\">", badChannel.Html, StringComparison.Ordinal);
        Assert.Equal(0, await KeysNamedAsync(name));
    }

    [Fact]
    public async Task AnOperator_IsRefusedTheKeysPage_AndCannotCreateAKey()
    {
        var operatorName = Unique("op");
        await app.InScopeAsync(sp => sp.GetRequiredService<ManageOperatorUsers>()
            .CreateAsync(operatorName, OperatorRoles.Operator, "operator-password", CancellationToken.None));
        using var console = await ConsoleClient.SignedInAsync(app, name: operatorName, password: "operator-password");

        var board = (await console.GetAsync("/console/orders")).Expect(HttpStatusCode.OK);
        Assert.DoesNotContain("href=\"/console/keys\"", board.Html, StringComparison.Ordinal);
        var refused = await console.GetAsync("/console/keys");
        Assert.Equal(HttpStatusCode.Redirect, refused.Status);
        Assert.StartsWith("/console/denied", refused.Location!.PathAndQuery, StringComparison.Ordinal);
        (await console.GetAsync(refused.Location!.PathAndQuery)).Expect(HttpStatusCode.Forbidden);

        var keyName = Unique("sneaky");
        var post = await console.PostAsync("/console/keys?handler=create", new Dictionary<string, string>
        {
            ["name"] = keyName, ["scopes"] = Scopes.Admin,
        });
        Assert.Equal(HttpStatusCode.Redirect, post.Status);
        Assert.StartsWith("/console/denied", post.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(0, await KeysNamedAsync(keyName));
    }

    [GeneratedRegex("id=\"secret\" readonly value=\"([^\"]+)\"")]
    private static partial Regex SecretPattern();
}

public sealed class SqliteKeysPageTests(ConsoleSqliteApp app) : KeysPageTests(app), IClassFixture<ConsoleSqliteApp>;

public sealed class PostgresKeysPageTests(ConsolePostgresApp app) : KeysPageTests(app), IClassFixture<ConsolePostgresApp>;
