using System.CommandLine;
using Omniman.Server;

namespace Omniman.AspNetCore.Tests.Access;

/// <summary>Settings are not options of the commands: every command's help says how to pass them and how to pick PostgreSQL.</summary>
public sealed class ServerHelpTests
{
    private static string Help(params string[] command)
    {
        using var output = new StringWriter();
        var exit = ServerCommands.Build().Parse([.. command, "--help"]).Invoke(new InvocationConfiguration { Output = output });
        Assert.Equal(0, exit);
        return output.ToString();
    }

    [Theory]
    [InlineData]
    [InlineData("serve")]
    [InlineData("worker")]
    [InlineData("migrate")]
    [InlineData("process-directives")]
    [InlineData("keys")]
    [InlineData("keys", "create")]
    [InlineData("keys", "list")]
    [InlineData("keys", "revoke")]
    [InlineData("keys", "rotate")]
    public void Help_SaysSettingsGoAfterTheCommand_AndHowToPickPostgres(params string[] command)
    {
        var help = Help(command);

        Assert.Contains("--Key=value", help, StringComparison.Ordinal);
        Assert.Contains("--Omniman:Database:Provider=Postgres", help, StringComparison.Ordinal);
        Assert.Contains("--ConnectionStrings:Omniman=", help, StringComparison.Ordinal);
        // Once, after the help: not again under each command of a list.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(help, "Settings go after the command"));
    }

    [Fact]
    public void KeysHelp_DescribesExpiryAndRotation()
    {
        Assert.Contains("--expires", Help("keys", "create"), StringComparison.Ordinal);
        Assert.Contains("--expires-in", Help("keys", "rotate"), StringComparison.Ordinal);
        Assert.Contains("rotate", Help("keys"), StringComparison.Ordinal);
    }

    /// <summary>An unreachable database is one line an operator can act on, not a stack trace (issue #21).</summary>
    [Fact]
    public async Task Migrate_AgainstAnUnreachableDatabase_SaysSoInOneLine()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await ServerCommands.RunAsync(["migrate", "--Omniman:Database:Provider=Postgres",
            "--ConnectionStrings:Omniman=Host=127.0.0.1;Port=1;Database=nowhere;Username=x;Password=x;Timeout=3"],
            new InvocationConfiguration { Output = output, Error = error });

        Assert.Equal(1, exit);
        var said = error.ToString().Trim();
        Assert.StartsWith("Cannot reach the database: ", said, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", said, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", said, StringComparison.Ordinal);
    }
}
