using System.CommandLine;
using System.CommandLine.Parsing;
using Omniman.Common;
using Omniman.OperatorConsole.Users;
using Omniman.Server.Startup;

namespace Omniman.Server;

/// <summary><c>omniman users create|list|disable|enable|password</c>: the console's operator users, straight on the database.</summary>
internal static class UsersCommand
{
    public static Command Build()
    {
        var name = new Argument<string>("name") { Description = "The user name people sign in with." };
        var role = new Option<string>("--role") { Description = $"{string.Join(" or ", OperatorRoles.All)} (default {OperatorRoles.Operator}).", DefaultValueFactory = _ => OperatorRoles.Operator };
        role.AcceptOnlyFromAmong([.. OperatorRoles.All]);
        // From standard input, never an argument: arguments show in the shell's history and in the process list.
        var create = new Command("create", "Create a user; the password is read from standard input (its first line).") { name, role };
        create.SetAction((parse, ct) => WithUsersAsync(parse, async users =>
        {
            var password = await Console.In.ReadLineAsync(ct);
            var user = await users.CreateAsync(parse.GetValue(name), parse.GetValue(role), password, ct);
            await Console.Out.WriteLineAsync($"created {user.Name} ({user.Role})");
        }));

        var list = new Command("list", "List users with their role and state.");
        list.SetAction((parse, ct) => WithUsersAsync(parse, async users =>
        {
            foreach (var user in await users.ListAsync(ct))
            {
                await Console.Out.WriteLineAsync(
                    $"{user.Name}  {user.Role}  last sign-in: {(user.LastSignInAt is { } at ? UtcStamp.Format(at) : "never")}" +
                    (user.IsDisabled ? "  DISABLED" : ""));
            }
        }));

        var disabled = new Argument<string>("name") { Description = "The user to disable, from 'users list'." };
        var disable = new Command("disable", "Disable a user: they are signed out at their next click and cannot sign in again.") { disabled };
        disable.SetAction((parse, ct) => WithUsersAsync(parse, async users =>
        {
            var user = await users.DisableAsync(parse.GetValue(disabled)!, ct);
            await Console.Out.WriteLineAsync($"disabled {user.Name}");
        }));

        var enabled = new Argument<string>("name") { Description = "The disabled user to let sign in again." };
        var enable = new Command("enable", "Enable a disabled user.") { enabled };
        enable.SetAction((parse, ct) => WithUsersAsync(parse, async users =>
        {
            var user = await users.EnableAsync(parse.GetValue(enabled)!, ct);
            await Console.Out.WriteLineAsync($"enabled {user.Name}");
        }));

        var reset = new Argument<string>("name") { Description = "The user whose password to replace." };
        var password = new Command("password", "Set a user's password, read from standard input (its first line); lifts a lockout.") { reset };
        password.SetAction((parse, ct) => WithUsersAsync(parse, async users =>
        {
            var user = await users.ResetPasswordAsync(parse.GetValue(reset)!, await Console.In.ReadLineAsync(ct), ct);
            await Console.Out.WriteLineAsync($"password set for {user.Name}");
        }));

        var command = new Command("users", "Create, list, disable and enable the operator console's users, and set their passwords.")
            { create, list, disable, enable, password };
        foreach (var sub in command.Subcommands) sub.TreatUnmatchedTokensAsErrors = false;
        return command;
    }

    private static Task<int> WithUsersAsync(ParseResult parse, Func<ManageOperatorUsers, Task> work) =>
        OfflineCommand.RunAsync(parse.UnmatchedTokens, sp => work(sp.GetRequiredService<ManageOperatorUsers>()));
}
