using Microsoft.AspNetCore.Builder;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Omniman.OperatorConsole.Live;
using Omniman.OperatorConsole.Users;

namespace Omniman.OperatorConsole;

/// <summary>The operator console (docs/console.md): <c>AddConsole()</c> on the builder, then <c>app.MapOmnimanConsole()</c>.</summary>
public static class ConsoleModule
{
    /// <summary>
    /// The users' table and their management, without pages: what <c>migrate</c>, the worker and the
    /// <c>users</c> command need. <see cref="AddConsole"/> includes it.
    /// </summary>
    public static OmnimanBuilder AddConsoleUsers(this OmnimanBuilder builder)
    {
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(ManageOperatorUsers))) return builder;
        services.AddOptions<ConsoleOptions>().Bind(builder.Configuration.GetSection(ConsoleOptions.Section));
        services.AddSingleton<IPasswordHasher<OperatorUser>, PasswordHasher<OperatorUser>>();
        services.AddScoped<ManageOperatorUsers>();
        services.AddScoped<SignInOperator>();
        return builder.AddModuleTables<ConsoleTables>();
    }

    /// <summary>The console's pages, sign-in, live feed and bootstrap user, with <see cref="AddConsoleUsers"/>.</summary>
    public static OmnimanBuilder AddConsole(this OmnimanBuilder builder)
    {
        builder.AddConsoleUsers();
        var services = builder.Services;
        var section = builder.Configuration.GetSection(ConsoleOptions.Section);
        services.AddHttpContextAccessor();
        services.AddScoped<ConsoleRequest>();
        services.AddSingleton<OrderFeed>();
        services.AddSingleton<OrderEventWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OrderEventWatcher>());
        services.AddHostedService<BootstrapOperatorUser>();
        services.AddConsoleAuth(section.Get<ConsoleOptions>() ?? new ConsoleOptions());
        services.AddRazorPages(pages =>
        {
            pages.Conventions.AuthorizeFolder("/", ConsoleAuth.OperatorPolicy);
            pages.Conventions.AllowAnonymousToPage("/SignIn");
        }).ConfigureApplicationPartManager(parts =>
        {
            // The host may already list this assembly (a web project finds the Razor assemblies it references); once is enough.
            var assembly = typeof(ConsoleModule).Assembly;
            if (!parts.ApplicationParts.OfType<AssemblyPart>().Any(p => p.Assembly == assembly)) parts.ApplicationParts.Add(new AssemblyPart(assembly));
        });
        return builder;
    }

    /// <summary>
    /// An unexpected failure in a console page answers <see cref="ConsoleErrorPage"/> (HTML, in the operator's
    /// language, with the failure's reference) instead of the API's JSON envelope. Call it after the API's
    /// error handling, so it is the nearer of the two for console pages.
    /// </summary>
    public static IApplicationBuilder UseOmnimanConsole(this IApplicationBuilder app) =>
        app.UseWhen(http => http.Request.Path.StartsWithSegments(ConsolePaths.Root),
            console => console.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = ConsoleErrorPage.WriteAsync }));

    public static IEndpointRouteBuilder MapOmnimanConsole(this IEndpointRouteBuilder app)
    {
        app.MapRazorPages();
        app.MapGet(ConsolePaths.Live, LiveAsync).RequireAuthorization(ConsoleAuth.OperatorPolicy).ExcludeFromDescription();
        app.MapGet(ConsolePaths.Assets + "/{name}", Asset).AllowAnonymous().ExcludeFromDescription();
        app.MapGet(ConsolePaths.Root, () => TypedResults.Redirect(ConsolePaths.Root + "/orders")).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// Server-sent events for a board: <c>event: order</c> with the changed order's ref, channel and
    /// status. The headers go out at once (the browser's EventSource opens), and each event is flushed.
    /// </summary>
    private static async Task LiveAsync(HttpContext http, string? channel, OrderFeed feed, OrderEventWatcher watcher)
    {
        var ct = http.RequestAborted;
        using var subscription = feed.Subscribe();
        try
        {
            await watcher.StartWatchingAsync(ct);
            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            await http.Response.WriteAsync("retry: 2000\n\n", ct);
            await http.Response.Body.FlushAsync(ct);
            await foreach (var change in subscription.Changes.ReadAllAsync(ct))
            {
                if (!string.IsNullOrEmpty(channel) && change.Channel != channel) continue;
                await http.Response.WriteAsync($"event: order\ndata: {JsonSerializer.Serialize(change, Common.Json.Options)}\n\n", ct);
                await http.Response.Body.FlushAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The board was closed.
        }
    }

    /// <summary>The stylesheet and the board's script, embedded in the assembly: no front-end build, nothing to copy beside the program.</summary>
    private static IResult Asset(string name)
    {
        var type = Path.GetExtension(name) switch { ".css" => "text/css; charset=utf-8", ".js" => "text/javascript; charset=utf-8", _ => null };
        var stream = type is null ? null : typeof(ConsoleModule).Assembly.GetManifestResourceStream("console." + name);
        return stream is null ? TypedResults.NotFound() : TypedResults.Stream(stream, type);
    }
}
