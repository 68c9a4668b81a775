using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Omniman.OperatorConsole.Users;
using Omniman.TestKit;

namespace Omniman.OperatorConsole.Tests;

/// <summary>What the set-up pages' tests (channels, products, promotions) share: a user of a role of their own, and the form posts.</summary>
internal static class SetUpPages
{
    /// <summary>A new user of <paramref name="role"/>, signed in: tests that change a user's preferences leave the bootstrap admin alone.</summary>
    public static async Task<ConsoleClient> SignedInAsNewUserAsync(OmnimanApp app, string role)
    {
        var name = $"{role}-{Guid.NewGuid():N}"[..20];
        await app.InScopeAsync(sp => sp.GetRequiredService<ManageOperatorUsers>().CreateAsync(name, role, "a-long-password", CancellationToken.None));
        return await ConsoleClient.SignedInAsync(app, name: name, password: "a-long-password");
    }

    /// <summary>The page's text as read, entities decoded (the kernel's messages hold quotes).</summary>
    public static string Text(this Page page) => WebUtility.HtmlDecode(page.Html);
}

/// <summary>The set-up pages are for admins: an operator gets the "not allowed" page and no link to them.</summary>
public abstract class SetUpPagesAccessTests(OmnimanApp app)
{
    [Theory]
    [InlineData("/console/channels")]
    [InlineData("/console/channels/pos")]
    [InlineData("/console/products")]
    [InlineData("/console/promotions")]
    public async Task ChannelsProductsPromotions_RefuseAnOperator_WithTheNotAllowedPage(string path)
    {
        using var console = await SetUpPages.SignedInAsNewUserAsync(app, OperatorRoles.Operator);

        var board = (await console.GetAsync("/console/orders")).Expect(HttpStatusCode.OK);
        Assert.DoesNotContain("href=\"/console/channels\"", board.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/console/products\"", board.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/console/promotions\"", board.Html, StringComparison.Ordinal);
        var refused = await console.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, refused.Status);
        Assert.StartsWith("/console/denied", refused.Location!.PathAndQuery, StringComparison.Ordinal);
        var denied = (await console.GetAsync(refused.Location!.PathAndQuery)).Expect(HttpStatusCode.Forbidden);
        Assert.Contains("whose role cannot open this page", denied.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChannelsProductsPromotions_AreLinked_ForAnAdmin()
    {
        using var console = await ConsoleClient.SignedInAsync(app);
        var board = (await console.GetAsync("/console/orders")).Expect(HttpStatusCode.OK);
        Assert.Contains("<a href=\"/console/channels\">Channels</a>", board.Html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/console/products\">Products</a>", board.Html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/console/promotions\">Promotions</a>", board.Html, StringComparison.Ordinal);
    }
}

public sealed class SqliteSetUpPagesAccessTests(ConsoleSqliteApp app) : SetUpPagesAccessTests(app), IClassFixture<ConsoleSqliteApp>;

public sealed class PostgresSetUpPagesAccessTests(ConsolePostgresApp app) : SetUpPagesAccessTests(app), IClassFixture<ConsolePostgresApp>;
