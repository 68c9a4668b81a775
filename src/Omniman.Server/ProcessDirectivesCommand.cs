using System.CommandLine;
using Omniman.Directives;
using Omniman.Server.Startup;

namespace Omniman.Server;

/// <summary><c>omniman process-directives [--topic T]... [--limit N] [--watch] [--interval S]</c>: a single pass for cron, or a loop.</summary>
internal static class ProcessDirectivesCommand
{
    public static Command Build()
    {
        var topics = new Option<string[]>("--topic") { Description = "Only these topics (repeatable).", AllowMultipleArgumentsPerToken = false };
        var limit = new Option<int?>("--limit") { Description = "Run at most this many directives." };
        var watch = new Option<bool>("--watch") { Description = "Keep running passes until stopped." };
        var interval = new Option<double>("--interval") { Description = "Seconds between passes with --watch.", DefaultValueFactory = _ => 1 };
        var command = new Command("process-directives", "Run due directives, once or (with --watch) until stopped.") { topics, limit, watch, interval };
        command.SetAction(async (parse, ct) =>
        {
            using var host = ServerHost.BuildWorker([.. parse.UnmatchedTokens], runWorker: false);
            await DatabaseInitializer.MigrateAsync(host.Services, ct);
            var dispatcher = host.Services.GetRequiredService<DirectiveDispatcher>();
            var only = parse.GetValue(topics) is { Length: > 0 } t ? t : null;
            var max = parse.GetValue(limit);
            var total = 0;
            do
            {
                while (max is null || total < max)
                {
                    var ran = await dispatcher.DispatchDueAsync(new DispatchFilter(only, max is null ? null : max - total), ct);
                    if (ran == 0) break;
                    total += ran;
                }
                if (!parse.GetValue(watch) || (max is not null && total >= max)) break;
                await Task.Delay(TimeSpan.FromSeconds(parse.GetValue(interval)), ct);
            }
            while (!ct.IsCancellationRequested);
            await Console.Out.WriteLineAsync($"Processed {total} directive(s).");
            return 0;
        });
        return command;
    }
}
