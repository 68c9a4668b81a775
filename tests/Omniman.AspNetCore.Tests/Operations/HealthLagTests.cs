using System.Net;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Operations;

public sealed class SqliteWorkerApp : SqliteApp
{
    protected override bool RunWorker => true;
}

public sealed class PostgresWorkerApp : PostgresApp
{
    protected override bool RunWorker => true;
}

/// <summary>
/// Where the worker runs, <c>/health/ready</c> answers 503 once the oldest due directive has waited
/// longer than <c>Omniman:Health:MaxDirectiveLagSeconds</c> (60 by default), and 200 again when it is gone.
/// </summary>
public abstract class HealthLagTests(OmnimanApp app)
{
    [Fact]
    public async Task Ready_Answers503_WhileTheOldestDueDirectiveIsTooOld()
    {
        try
        {
            await StaleDirectives.EnqueueAsync(app, TimeSpan.FromSeconds(30));
            Assert.Equal(HttpStatusCode.OK, (await StaleDirectives.ProbeAsync(app, "/health/ready")).Status);

            await StaleDirectives.EnqueueAsync(app, TimeSpan.FromMinutes(10));
            var (status, body, _) = await StaleDirectives.ProbeAsync(app, "/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Equal("Unhealthy", body);
            // Liveness asks nothing of the database or the worker.
            Assert.Equal(HttpStatusCode.OK, (await StaleDirectives.ProbeAsync(app, "/health/live")).Status);
        }
        finally
        {
            await StaleDirectives.ClearAsync(app);
        }
        Assert.Equal(HttpStatusCode.OK, (await StaleDirectives.ProbeAsync(app, "/health/ready")).Status);
    }
}

public sealed class SqliteHealthLagTests(SqliteWorkerApp app) : HealthLagTests(app), IClassFixture<SqliteWorkerApp>;

public sealed class PostgresHealthLagTests(PostgresWorkerApp app) : HealthLagTests(app), IClassFixture<PostgresWorkerApp>;
