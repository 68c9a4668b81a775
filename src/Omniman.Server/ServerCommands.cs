using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using Omniman.Directives;
using Omniman.Persistence;
using Omniman.Server.Startup;

namespace Omniman.Server;

/// <summary>
/// <c>omniman [serve]</c> runs API and worker; <c>worker</c> runs the worker alone; <c>migrate</c>
/// brings the schema up to date; <c>process-directives</c> runs due directives once (or keeps
/// watching), for cron; <c>keys</c> manages API keys; <c>users</c> the console's users. Tokens the commands do not know (<c>--Omniman:Database:Provider=Postgres</c>,
/// say) pass through to the host's configuration.
/// </summary>
internal static class ServerCommands
{
    /// <summary>
    /// Said in every command's help: settings are not options of the commands, so the option list
    /// cannot show them, and the database a command works on is one of them.
    /// </summary>
    public static readonly string SettingsHelp = string.Join(Environment.NewLine,
        "Settings go after the command as --Key=value, e.g. --Omniman:Auth:CacheSeconds=10 (or in appsettings.json, or as",
        "environment variables: Omniman__Auth__CacheSeconds=10). The database is SQLite (Data Source=omniman.db) unless you",
        "pick PostgreSQL with both of:",
        "  --Omniman:Database:Provider=Postgres --ConnectionStrings:Omniman=\"Host=db;Database=omniman;Username=omniman;Password=...\"");

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

        var root = new RootCommand("Omniman: a headless omnichannel order hub.") { urls, serve, worker, migrate, ProcessDirectivesCommand.Build(), KeysCommand.Build(), UsersCommand.Build() };
        root.SetAction((parse, ct) => ServeAsync(parse, urls, ct));
        foreach (var command in root.Subcommands.Append(root)) command.TreatUnmatchedTokensAsErrors = false;
        // After every command's help, once, not in each description (the root's list of commands would repeat it).
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new WithSettingsHelp((HelpAction)help.Action!);
        return root;
    }

    /// <summary>
    /// Runs the command line. A database that cannot be reached is one line on standard error and exit
    /// code 1, not the stack trace of an unhandled exception: an operator needs the message, not the frames.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, InvocationConfiguration? configuration = null)
    {
        configuration ??= new InvocationConfiguration();
        configuration.EnableDefaultExceptionHandler = false;
        try
        {
            return await Build().Parse(args).InvokeAsync(configuration);
        }
        catch (Exception ex) when (Unreachable(ex) is { } cause)
        {
            await configuration.Error.WriteLineAsync($"Cannot reach the database: {cause.Message}");
            return 1;
        }
    }

    /// <summary>The database error behind <paramref name="ex"/>, if a refused or failed connection is what it is.</summary>
    private static Exception? Unreachable(Exception ex)
    {
        for (var e = (Exception?)ex; e is not null; e = e.InnerException)
        {
            if (e is System.Data.Common.DbException or System.Net.Sockets.SocketException) return e;
        }
        return null;
    }

    private sealed class WithSettingsHelp(HelpAction help) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var result = help.Invoke(parseResult);
            parseResult.InvocationConfiguration.Output.WriteLine(SettingsHelp);
            parseResult.InvocationConfiguration.Output.WriteLine();
            return result;
        }
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
