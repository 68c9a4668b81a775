using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Omniman.Access;
using Omniman.Persistence;
using Omniman.Server.Startup;

namespace Omniman.Server;

/// <summary><c>omniman keys create|list|revoke</c>: key management for first set-up, straight on the database.</summary>
internal static class KeysCommand
{
    public static Command Build()
    {
        var name = new Option<string>("--name") { Description = "A name people recognise (it is the actor in order events).", Required = true };
        var scopes = new Option<string[]>("--scope") { Description = $"Repeatable: {string.Join(", ", Scopes.All)}.", Required = true };
        var channels = new Option<string[]>("--channel") { Description = "Repeatable: limit the key to these channels." };
        var create = new Command("create", "Create a key and print its secret (shown this once).") { name, scopes, channels };
        create.SetAction((parse, ct) => WithKeysAsync(parse, async (sp, keys) =>
        {
            var only = parse.GetValue(channels) is { Length: > 0 } c ? c : null;
            var created = await keys.CreateAsync(parse.GetValue(name), parse.GetValue(scopes), only, null, ct);
            await Console.Out.WriteLineAsync($"id {created.Key.Id}  name {created.Key.Name}  scopes {string.Join(',', created.Key.Scopes)}");
            await Console.Out.WriteLineAsync(created.Secret);
        }));

        var list = new Command("list", "List keys (never their secrets).");
        list.SetAction((parse, ct) => WithKeysAsync(parse, async (sp, _) =>
        {
            var rows = await sp.GetRequiredService<OmnimanDb>().ApiKeys.AsNoTracking().OrderBy(k => k.Id).ToListAsync(ct);
            foreach (var k in rows)
            {
                await Console.Out.WriteLineAsync(
                    $"{k.Id,5}  {k.Prefix}…  {k.Name}  [{string.Join(',', k.Scopes)}]  channels: {(k.Channels is null ? "all" : string.Join(',', k.Channels))}" +
                    $"  last used: {k.LastUsedAt?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "never"}{(k.RevokedAt is null ? "" : "  REVOKED")}");
            }
        }));

        var id = new Argument<long>("id") { Description = "The key's id, from 'keys list'." };
        var revoke = new Command("revoke", "Revoke a key at once.") { id };
        revoke.SetAction((parse, ct) => WithKeysAsync(parse, async (_, keys) =>
        {
            var key = await keys.RevokeAsync(parse.GetValue(id), ct);
            await Console.Out.WriteLineAsync($"revoked {key.Id} ({key.Name})");
        }));

        var command = new Command("keys", "Create, list and revoke API keys.") { create, list, revoke };
        foreach (var sub in command.Subcommands) sub.TreatUnmatchedTokensAsErrors = false;
        return command;
    }

    private static async Task<int> WithKeysAsync(ParseResult parse, Func<IServiceProvider, ManageApiKeys, Task> work)
    {
        using var host = ServerHost.BuildWorker([.. parse.UnmatchedTokens], runWorker: false);
        await DatabaseInitializer.MigrateAsync(host.Services, CancellationToken.None);
        await using var scope = host.Services.CreateAsyncScope();
        try
        {
            await work(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<ManageApiKeys>());
            return 0;
        }
        catch (Common.OmnimanException ex)
        {
            await Console.Error.WriteLineAsync($"{ex.Code}: {ex.Message}");
            return 2;
        }
    }
}
