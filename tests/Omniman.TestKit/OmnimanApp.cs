using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Omniman.Access;
using Omniman.Directives;
using Omniman.Persistence;
using Xunit;

namespace Omniman.TestKit;

/// <summary>
/// The real program over the real HTTP pipeline, on a database of its own (a fresh SQLite file or
/// a fresh PostgreSQL database per instance). Use one per test class, as a class fixture.
/// </summary>
public abstract class OmnimanApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>The admin key every app is bootstrapped with.</summary>
    public const string AdminSecret = "test-admin-secret-0123456789abcdef";

    /// <summary>The clock of the app; starts at the real time, moves only when a test moves it.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public abstract string Provider { get; }

    /// <summary>What the app logged, warning and above; also resolvable from <see cref="WebApplicationFactory{T}.Services"/>.</summary>
    public LogCapture Log { get; } = new();

    /// <summary>Every answer the clients of <see cref="Client"/> received, for checking against the OpenAPI document.</summary>
    public RecordedAnswers Answers { get; } = new();

    /// <summary>Whether the background directive worker runs; off by default so tests drive <see cref="DispatchAllAsync"/>.</summary>
    protected virtual bool RunWorker => false;
    protected abstract string ConnectionString { get; }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public new virtual async Task DisposeAsync() => await base.DisposeAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Omniman:Database:Provider", Provider);
        builder.UseSetting("ConnectionStrings:Omniman", ConnectionString);
        builder.UseSetting(BootstrapApiKey.SettingKey, AdminSecret);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Omniman:Worker:Enabled", RunWorker ? "true" : "false");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services =>
        {
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
            services.AddSingleton(Log);
            services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(Log);
            ConfigureServices(services);
        });
    }

    /// <summary>Extra configuration for a derived fixture, e.g. <c>Omniman:Directives:MaxAttempts</c>.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> Settings => [];

    /// <summary>Extra services for a derived fixture, e.g. a test directive handler.</summary>
    protected virtual void ConfigureServices(IServiceCollection services) { }

    /// <summary>A client that authenticates with the admin key.</summary>
    public ApiClient Admin() => Client(AdminSecret);

    /// <summary>A client with the given secret, or none.</summary>
    public ApiClient Client(string? secret = null)
    {
        // As CreateClient() makes it (redirects followed, cookies kept), with every answer recorded on its way.
        var http = CreateDefaultClient(new RedirectHandler(), new CookieContainerHandler(), new RecordedAnswers.Recorder(Answers));
        if (secret is not null) http.DefaultRequestHeaders.Authorization = new("Bearer", secret);
        return new ApiClient(http, Log);
    }

    /// <summary>Runs due directives until none is left (or <paramref name="maxPasses"/> passes ran); returns how many ran.</summary>
    public async Task<int> DispatchAllAsync(int maxPasses = 50)
    {
        var dispatcher = Services.GetRequiredService<DirectiveDispatcher>();
        var total = 0;
        for (var pass = 0; pass < maxPasses; pass++)
        {
            var ran = await dispatcher.DispatchDueAsync();
            if (ran == 0) break;
            total += ran;
        }
        return total;
    }

    /// <summary>Writes a directive as the kernel would (due now on the app's clock) and returns its id.</summary>
    public Task<long> EnqueueDirectiveAsync(string topic, System.Text.Json.Nodes.JsonObject payload) => InScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<OmnimanDb>();
        var directive = Directive.Create(topic, payload, Clock.GetUtcNow().UtcDateTime);
        db.Directives.Add(directive);
        await db.SaveChangesAsync();
        return directive.Id;
    });

    /// <summary>Stores an API key with the given scopes (and channel limits) and returns its secret.</summary>
    public Task<string> CreateKeyAsync(string name, string[] scopes, string[]? channels = null) => InScopeAsync(async sp =>
    {
        var secret = $"test-{name}-{Guid.NewGuid():N}";
        var db = sp.GetRequiredService<OmnimanDb>();
        db.ApiKeys.Add(ApiKey.Create(name, secret, scopes, channels, Clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync();
        return secret;
    });

    /// <summary>Runs kernel code inside a DI scope of the app, as a request would.</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }
}
