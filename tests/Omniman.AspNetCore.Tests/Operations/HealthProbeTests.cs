using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omniman.Directives;
using Omniman.Persistence;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Operations;

/// <summary>Writes directives that no handler takes, due as long ago as a test says, so only their age counts.</summary>
internal static class StaleDirectives
{
    public const string Topic = "test.nobody";

    public static Task<long> EnqueueAsync(OmnimanApp app, TimeSpan ago) => app.InScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<OmnimanDb>();
        var directive = Directive.Create(Topic, [], app.Clock.GetUtcNow().UtcDateTime - ago);
        db.Directives.Add(directive);
        await db.SaveChangesAsync();
        return directive.Id;
    });

    public static Task<int> ClearAsync(OmnimanApp app) => app.InScopeAsync(sp =>
        sp.GetRequiredService<OmnimanDb>().Directives.Where(d => d.Topic == Topic).ExecuteDeleteAsync());

    public static async Task<(HttpStatusCode Status, string Body, string? ContentType)> ProbeAsync(OmnimanApp app, string path)
    {
        using var http = app.CreateClient();
        using var answer = await http.GetAsync(new Uri(path, UriKind.Relative));
        return (answer.StatusCode, await answer.Content.ReadAsStringAsync(), answer.Content.Headers.ContentType?.MediaType);
    }
}

/// <summary>
/// <c>/health/live</c> and <c>/health/ready</c> without a key, in plain text (docs/operations.md, "Health");
/// in a process without the worker the directive backlog does not count.
/// </summary>
public abstract class HealthProbeTests(OmnimanApp app)
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Probe_AnswersHealthy_WithoutAKey(string path)
    {
        var (status, body, type) = await StaleDirectives.ProbeAsync(app, path);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", body);
        Assert.Equal("text/plain", type);
    }

    [Fact]
    public async Task Ready_IgnoresTheBacklog_WhereNoWorkerRuns()
    {
        await StaleDirectives.EnqueueAsync(app, TimeSpan.FromHours(1));
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await StaleDirectives.ProbeAsync(app, "/health/ready")).Status);
        }
        finally
        {
            await StaleDirectives.ClearAsync(app);
        }
    }

    [Fact]
    public async Task ApiHealth_StaysAsItWas()
    {
        var (status, body, type) = await StaleDirectives.ProbeAsync(app, "/api/health");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/json", type);
        Assert.Equal("healthy", JsonNode.Parse(body)!["status"]!.GetValue<string>());
    }
}

public sealed class SqliteHealthProbeTests(SqliteApp app) : HealthProbeTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresHealthProbeTests(PostgresApp app) : HealthProbeTests(app), IClassFixture<PostgresApp>;
