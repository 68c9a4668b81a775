using System.CommandLine;
using Omniman.Directives;
using Omniman.Persistence;
using Omniman.Server.Startup;

namespace Omniman.Server;

/// <summary>
/// <c>omniman [serve]</c> runs API and worker; <c>worker</c> runs the worker alone; <c>migrate</c>
/// brings the schema up to date; <c>process-directives</c> runs due directives once (or keeps
/// watching), for cron. Tokens the commands do not know (<c>--Omniman:Database:Provider=Postgres</c>,
/// say) pass through to the host's configuration.
/// </summary>
internal static class ServerCommands
{
    public static RootCommand Build()
    {
        var urls = new Option<string?>("--urls") { Description = "Addresses to listen on, e.g. http://127.0.0.1:5080" };
        var serve = new Command("serve", "Serve the API and run the directive worker (the default).") { urls };
        serve.SetAction((parse, ct) => ServeAsync(parse, urls, ct));

        var worker = new Command("worker", "Run the directive worker and housekeeping only, no API.");
        worker.SetAction(async (parse, ct) =>
        {
            using var host = ServerHost.BuildWorker([.. parse.UnmatchedTokens]);
            await host.RunAsync(ct);
            return 0;
        });

        var migrate = new Command("migrate", "Apply database migrations and exit.");
        migrate.SetAction(async (parse, ct) =>
        {
            using var host = ServerHost.BuildWorker([.. parse.UnmatchedTokens], runWorker: false);
            await DatabaseInitializer.MigrateAsync(host.Services, ct);
            await Console.Out.WriteLineAsync($"Database is up to date ({host.Services.GetRequiredService<IDatabaseProvider>().Name}).");
            return 0;
        });

        var root = new RootCommand("Omniman: a headless omnichannel order hub.") { urls, serve, worker, migrate, ProcessDirectivesCommand.Build() };
        root.SetAction((parse, ct) => ServeAsync(parse, urls, ct));
        foreach (var command in root.Subcommands.Append(root)) command.TreatUnmatchedTokensAsErrors = false;
        return root;
    }

    private static async Task<int> ServeAsync(ParseResult parse, Option<string?> urls, CancellationToken ct)
    {
        var args = parse.UnmatchedTokens.ToList();
        if (parse.GetValue(urls) is { } addresses) args.Add($"--urls={addresses}");
        await using var app = ServerHost.BuildServer([.. args]);
        await app.RunAsync(ct);
        return 0;
    }
}
