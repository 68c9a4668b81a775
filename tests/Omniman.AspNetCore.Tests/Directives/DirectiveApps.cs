using Microsoft.Extensions.DependencyInjection;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Directives;

/// <summary>Apps with the scripted, writing and checking test handlers and short, predictable retry settings.</summary>
internal static class DirectiveTestSettings
{
    public const int MaxAttempts = 3;
    public const double LeaseSeconds = 30;

    public static void Register(IServiceCollection services)
    {
        ScriptedHandler.Register(services);
        WritingHandler.Register(services);
        CheckingHandler.Register(services);
    }

    public static readonly KeyValuePair<string, string>[] Values =
    [
        new("Omniman:Directives:MaxAttempts", MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Omniman:Directives:BaseBackoffSeconds", "10"),
        new("Omniman:Directives:MaxBackoffSeconds", "60"),
        new("Omniman:Directives:LeaseSeconds", LeaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];
}

public sealed class SqliteDirectiveApp : SqliteApp
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => DirectiveTestSettings.Values;
    protected override void ConfigureServices(IServiceCollection services) => DirectiveTestSettings.Register(services);
}

public sealed class PostgresDirectiveApp : PostgresApp
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => DirectiveTestSettings.Values;
    protected override void ConfigureServices(IServiceCollection services) => DirectiveTestSettings.Register(services);
}
