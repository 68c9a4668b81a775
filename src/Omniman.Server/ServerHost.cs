using Omniman.AspNetCore;
using Omniman.Persistence;
using Omniman.Postgres;
using Omniman.Server.Startup;
using Omniman.Sqlite;

namespace Omniman.Server;

/// <summary>Composes the program: kernel, database by configuration, REST API, start-up tasks.</summary>
internal static class ServerHost
{
    public const string DefaultConnection = "Data Source=omniman.db";

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        builder.Services.AddOmnimanKernel(builder.Configuration)
            .UseDatabase(SelectDatabase)
            .AddOmnimanApi();
        builder.Services.AddHostedService<DatabaseInitializer>();

        var app = builder.Build();
        app.UseOmnimanErrors();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOmniman();
        return app;
    }

    /// <summary><c>Omniman:Database:Provider</c> (Sqlite | Postgres) with <c>ConnectionStrings:Omniman</c>.</summary>
    private static IDatabaseProvider SelectDatabase(IServiceProvider services)
    {
        var config = services.GetRequiredService<IConfiguration>();
        var provider = config["Omniman:Database:Provider"] ?? "Sqlite";
        var connection = config.GetConnectionString("Omniman");
        return provider.ToUpperInvariant() switch
        {
            "SQLITE" => new SqliteDatabase(connection ?? DefaultConnection),
            "POSTGRES" or "POSTGRESQL" or "NPGSQL" => new PostgresDatabase(connection
                ?? throw new InvalidOperationException("Omniman:Database:Provider is Postgres but ConnectionStrings:Omniman is not set.")),
            _ => throw new InvalidOperationException($"Unknown Omniman:Database:Provider '{provider}'; use Sqlite or Postgres."),
        };
    }
}
