using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Omniman.Access;
using Omniman.Common;
using Omniman.Persistence;
using Omniman.Server.Startup;

namespace Omniman.Server;

/// <summary><c>omniman keys create|list|revoke|rotate</c>: key management for first set-up, straight on the database.</summary>
internal static class KeysCommand
{
    public static Command Build()
    {
        var name = new Option<string>("--name") { Description = "A name people recognise (it is the actor in order events).", Required = true };
        var scopes = new Option<string[]>("--scope") { Description = $"Repeatable: {string.Join(", ", Scopes.All)}.", Required = true };
        var channels = new Option<string[]>("--channel") { Description = "Repeatable: limit the key to these channels." };
        var expires = new Option<TimeSpan?>("--expires")
        {
            Description = $"The key stops working this long from now: {Duration.Format} (30d, 12h). Leave it out for a key that never expires.",
            CustomParser = Duration.Parse,
        };
        var create = new Command("create", "Create a key and print its secret (shown this once).") { name, scopes, channels, expires };
        create.SetAction((parse, ct) => WithKeysAsync(parse, async sp =>
        {
            var only = parse.GetValue(channels) is { Length: > 0 } c ? c : null;
            var expiresAt = parse.GetValue(expires) is { } lifetime ? sp.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime + lifetime : (DateTime?)null;
            var created = await sp.GetRequiredService<ManageApiKeys>().CreateAsync(parse.GetValue(name), parse.GetValue(scopes), only, expiresAt, ct);
            await PrintCreatedAsync(created);
        }));

        var list = new Command("list", "List keys (never their secrets), with their channels and expiry.");
        list.SetAction((parse, ct) => WithKeysAsync(parse, async sp =>
        {
            var now = sp.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            var rows = await sp.GetRequiredService<OmnimanDb>().ApiKeys.AsNoTracking().OrderBy(k => k.Id).ToListAsync(ct);
            foreach (var k in rows)
            {
                await Console.Out.WriteLineAsync(
                    $"{k.Id,5}  {k.Prefix}…  {k.Name}  [{string.Join(',', k.Scopes)}]  channels: {Channels(k)}  expires: {Expiry(k.ExpiresAt)}" +
                    $"  last used: {(k.LastUsedAt is { } used ? UtcStamp.Format(used) : "never")}" +
                    (k.RotatedFrom is { } from ? $"  rotated from {from}" : "") +
                    (k.RevokedAt is not null ? "  REVOKED" : ApiKey.HasExpired(k.ExpiresAt, now) ? "  EXPIRED" : ""));
            }
        }));

        var id = new Argument<long>("id") { Description = "The key's id, from 'keys list'." };
        var revoke = new Command("revoke", "Revoke a key at once.") { id };
        revoke.SetAction((parse, ct) => WithKeysAsync(parse, async sp =>
        {
            var key = await sp.GetRequiredService<ManageApiKeys>().RevokeAsync(parse.GetValue(id), ct);
            await Console.Out.WriteLineAsync($"revoked {key.Id} ({key.Name})");
        }));

        var rotatedId = new Argument<long>("id") { Description = "The key to replace, from 'keys list'." };
        var expiresIn = new Option<TimeSpan?>("--expires-in")
        {
            Description = $"How long the old key keeps working: {Duration.Format} (24h, 30m); 0 revokes it at once. Default 24h; an earlier expiry it has stands.",
            CustomParser = Duration.Parse,
        };
        var rotate = new Command("rotate",
            "Replace a key: print a new key with the same name, scopes and channels, and its secret (shown this once); " +
            "the old key keeps working until --expires-in has passed, so clients can switch without downtime.") { rotatedId, expiresIn };
        rotate.SetAction((parse, ct) => WithKeysAsync(parse, async sp =>
        {
            var grace = parse.GetValue(expiresIn) is { } span ? (int)span.TotalSeconds : (int?)null;
            var rotated = await sp.GetRequiredService<RotateApiKey>().ExecuteAsync(parse.GetValue(rotatedId), grace, ct);
            var old = rotated.Old;
            await Console.Out.WriteLineAsync(old.RevokedAt is not null
                ? $"replaces {old.Id}, revoked now"
                : $"replaces {old.Id}, which works until {UtcStamp.Format(old.ExpiresAt!.Value)}");
            await PrintCreatedAsync(rotated.Created);
        }));

        var command = new Command("keys", "Create, list, revoke and rotate API keys.") { create, list, revoke, rotate };
        foreach (var sub in command.Subcommands) sub.TreatUnmatchedTokensAsErrors = false;
        return command;
    }

    private static async Task PrintCreatedAsync(CreatedApiKey created)
    {
        var key = created.Key;
        await Console.Out.WriteLineAsync(
            $"id {key.Id}  name {key.Name}  scopes {string.Join(',', key.Scopes)}  channels: {Channels(key)}  expires: {Expiry(key.ExpiresAt)}");
        await Console.Out.WriteLineAsync(created.Secret);
    }

    private static string Channels(ApiKey key) => key.Channels is null ? "all" : string.Join(',', key.Channels);

    private static string Expiry(DateTime? expiresAt) => expiresAt is { } at ? UtcStamp.Format(at) : "never";

    private static Task<int> WithKeysAsync(ParseResult parse, Func<IServiceProvider, Task> work) => OfflineCommand.RunAsync(parse.UnmatchedTokens, work);

    /// <summary>A duration on the command line: a whole number and a unit, <c>30d</c>, <c>12h</c>, <c>45m</c>, <c>90s</c>; <c>0</c> alone is none.</summary>
    internal static class Duration
    {
        public const string Format = "a whole number and d, h, m or s";

        /// <summary>Beyond this, seconds no longer fit the API's <c>expires_in_seconds</c>; nobody means a key to outlive it.</summary>
        private static readonly TimeSpan Longest = TimeSpan.FromSeconds(int.MaxValue);

        public static TimeSpan? Parse(ArgumentResult result)
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value.Trim() : "";
            if (TryParse(text, out var value)) return value;
            result.AddError($"'{text}' is not a duration for {(result.Parent as OptionResult)?.Option.Name}: use {Format}, e.g. 30d or 12h.");
            return null;
        }

        public static bool TryParse(string text, out TimeSpan value)
        {
            value = default;
            if (text == "0") return true;
            if (text.Length < 2 || !long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount)) return false;
            double seconds = text[^1] switch
            {
                'd' => amount * 86_400d,
                'h' => amount * 3_600d,
                'm' => amount * 60d,
                's' => amount,
                _ => -1,
            };
            if (seconds < 0 || seconds > Longest.TotalSeconds) return false;
            value = TimeSpan.FromSeconds(seconds);
            return true;
        }
    }
}
