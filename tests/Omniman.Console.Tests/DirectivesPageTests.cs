using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omniman.OperatorConsole.Users;
using Omniman.Persistence;
using Omniman.TestKit;

namespace Omniman.OperatorConsole.Tests;

/// <summary>The directives page below the browser: queued and failed ones by status and topic, run again, and admins only.</summary>
public abstract class DirectivesPageTests(OmnimanApp app)
{
    /// <summary>A directive of a topic no handler takes, so no worker touches it while the test reads it.</summary>
    private async Task<long> DirectiveAsync(string topic, string status, int attempts = 0, string? lastError = null)
    {
        var id = await app.EnqueueDirectiveAsync(topic, new JsonObject());
        await app.ExecuteSqlAsync($"UPDATE directives SET status = {status}, attempts = {attempts} WHERE id = {id}");
        if (lastError is not null) await app.ExecuteSqlAsync($"UPDATE directives SET last_error = {lastError} WHERE id = {id}");
        return id;
    }

    private Task<string> StatusOfAsync(long id) => app.InScopeAsync(sp =>
        sp.GetRequiredService<OmnimanDb>().Directives.AsNoTracking().Where(d => d.Id == id).Select(d => d.Status).SingleAsync());

    [Fact]
    public async Task Directives_ListsQueuedAndFailed_FilteredByStatusAndTopic()
    {
        var topic = $"test.console-{Guid.NewGuid():N}"[..30];
        var failed = await DirectiveAsync(topic, "failed", attempts: 5, lastError: "gateway said no");
        var queued = await DirectiveAsync(topic, "queued", attempts: 1);
        var done = await DirectiveAsync(topic, "done", attempts: 1);
        using var console = await ConsoleClient.SignedInAsync(app);

        var all = (await console.GetAsync($"/console/directives?topic={topic}")).Expect(HttpStatusCode.OK);
        Assert.Contains($"id=\"directive-{failed}\" data-status=\"failed\"", all.Html, StringComparison.Ordinal);
        Assert.Contains($"id=\"directive-{queued}\" data-status=\"queued\"", all.Html, StringComparison.Ordinal);
        Assert.DoesNotContain($"id=\"directive-{done}\"", all.Html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"last-error\">gateway said no</td>", all.Html, StringComparison.Ordinal);
        Assert.Contains($"<option value=\"{topic}\" selected=\"selected\">", all.Html, StringComparison.Ordinal);

        var onlyFailed = (await console.GetAsync($"/console/directives?status=failed&topic={topic}")).Expect(HttpStatusCode.OK);
        Assert.Contains($"id=\"directive-{failed}\"", onlyFailed.Html, StringComparison.Ordinal);
        Assert.DoesNotContain($"id=\"directive-{queued}\"", onlyFailed.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAgain_QueuesAFailedDirective_AndReturnsToTheFilteredList()
    {
        var topic = $"test.console-{Guid.NewGuid():N}"[..30];
        var failed = await DirectiveAsync(topic, "failed", attempts: 5, lastError: "timed out");
        using var console = await ConsoleClient.SignedInAsync(app);
        await console.GetAsync($"/console/directives?status=failed&topic={topic}");

        var ran = (await console.PostAsync("/console/directives?handler=run", new Dictionary<string, string>
        {
            ["id"] = failed.ToString(System.Globalization.CultureInfo.InvariantCulture), ["status"] = "failed", ["topic"] = topic,
        })).Expect(HttpStatusCode.Redirect);
        Assert.Equal($"/console/directives?status=failed&topic={topic}", ran.Location!.OriginalString);
        Assert.Equal("queued", await StatusOfAsync(failed));

        var after = (await console.GetAsync($"/console/directives?topic={topic}")).Expect(HttpStatusCode.OK);
        Assert.Contains($"Directive {failed} will run again now.", after.Html, StringComparison.Ordinal);
        Assert.Contains($"id=\"directive-{failed}\" data-status=\"queued\"", after.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAgain_ShowsTheReason_WhenTheDirectiveFinishedMeanwhile()
    {
        var topic = $"test.console-{Guid.NewGuid():N}"[..30];
        var failed = await DirectiveAsync(topic, "failed", attempts: 5);
        using var console = await ConsoleClient.SignedInAsync(app, "pt-BR");
        await console.GetAsync($"/console/directives?topic={topic}");
        // Another admin ran it again and a worker finished it while this page was open.
        await app.ExecuteSqlAsync($"UPDATE directives SET status = 'done' WHERE id = {failed}");

        var refused = (await console.PostAsync("/console/directives?handler=run", new Dictionary<string, string>
        {
            ["id"] = failed.ToString(System.Globalization.CultureInfo.InvariantCulture), ["topic"] = topic,
        })).Expect(HttpStatusCode.Conflict);
        Assert.Contains($"role=\"alert\" id=\"run-error\">A diretiva {failed} está feita;", WebUtility.HtmlDecode(refused.Html), StringComparison.Ordinal);
        Assert.Equal("done", await StatusOfAsync(failed));
    }

    [Fact]
    public async Task Directives_RefuseAnOperator_WithTheNotAllowedPage()
    {
        var name = $"op-{Guid.NewGuid():N}"[..20];
        await app.InScopeAsync(sp => sp.GetRequiredService<ManageOperatorUsers>()
            .CreateAsync(name, OperatorRoles.Operator, "operator-password", CancellationToken.None));
        using var console = await ConsoleClient.SignedInAsync(app, name: name, password: "operator-password");

        var board = (await console.GetAsync("/console/orders")).Expect(HttpStatusCode.OK);
        Assert.DoesNotContain("href=\"/console/directives\"", board.Html, StringComparison.Ordinal);
        var refused = await console.GetAsync("/console/directives");
        Assert.Equal(HttpStatusCode.Redirect, refused.Status);
        Assert.StartsWith("/console/denied", refused.Location!.PathAndQuery, StringComparison.Ordinal);
        var denied = (await console.GetAsync(refused.Location!.PathAndQuery)).Expect(HttpStatusCode.Forbidden);
        Assert.Contains("whose role cannot open this page", denied.Html, StringComparison.Ordinal);
    }
}

public sealed class SqliteDirectivesPageTests(ConsoleSqliteApp app) : DirectivesPageTests(app), IClassFixture<ConsoleSqliteApp>;

public sealed class PostgresDirectivesPageTests(ConsolePostgresApp app) : DirectivesPageTests(app), IClassFixture<ConsolePostgresApp>;
