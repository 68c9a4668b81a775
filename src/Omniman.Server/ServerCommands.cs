using System.CommandLine;
using Omniman.Server.Startup;

namespace Omniman.Server;

/// <summary>
/// <c>omniman [serve]</c> runs the API; <c>omniman migrate</c> brings the database schema up to date
/// and exits. Tokens the commands do not know (<c>--Omniman:Database:Provider=Postgres</c>, say)
/// pass through to the host's configuration.
/// </summary>
internal static class ServerCommands
{
    public static RootCommand Build()
    {
        var urls = new Option<string?>("--urls") { Description = "Addresses to listen on, e.g. http://127.0.0.1:5080" };
        var serve = new Command("serve", "Serve the API (the default).") { urls };
        serve.TreatUnmatchedTokensAsErrors = false;
        serve.SetAction((parse, ct) => ServeAsync(parse, urls, ct));

        var migrate = new Command("migrate", "Apply database migrations and exit.");
        migrate.TreatUnmatchedTokensAsErrors = false;
        migrate.SetAction(async (parse, ct) =>
        {
            await using var app = ServerHost.Build([.. parse.UnmatchedTokens]);
            await DatabaseInitializer.MigrateAsync(app.Services, ct);
            await Console.Out.WriteLineAsync($"Database is up to date ({app.Services.GetRequiredService<Omniman.Persistence.IDatabaseProvider>().Name}).");
            return 0;
        });

        var root = new RootCommand("Omniman: a headless omnichannel order hub.") { urls, serve, migrate };
        root.TreatUnmatchedTokensAsErrors = false;
        root.SetAction((parse, ct) => ServeAsync(parse, urls, ct));
        return root;
    }

    private static async Task<int> ServeAsync(ParseResult parse, Option<string?> urls, CancellationToken ct)
    {
        var args = parse.UnmatchedTokens.ToList();
        if (parse.GetValue(urls) is { } addresses) args.Add($"--urls={addresses}");
        await using var app = ServerHost.Build([.. args]);
        await app.RunAsync(ct);
        return 0;
    }
}
