using System.Net;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Api;

/// <summary>
/// The program over real Kestrel sockets: the in-memory test server never sends a <c>Server</c>
/// header, so only Kestrel can show whether the program turned it off.
/// </summary>
public sealed class ServerHeaderTests : IAsyncLifetime
{
    private readonly SqliteApp _app = new();

    public async Task InitializeAsync()
    {
        await _app.InitializeAsync();
        _app.UseKestrel(0);
        _app.StartServer();
    }

    public Task DisposeAsync() => _app.DisposeAsync();

    [Theory]
    [InlineData("/api/health", HttpStatusCode.OK)]
    [InlineData("/api/orders", HttpStatusCode.Unauthorized)]
    [InlineData("/api/nothing-here", HttpStatusCode.NotFound)]
    public async Task Response_HasNoServerHeader(string url, HttpStatusCode status)
    {
        using var client = _app.Client(null);
        // A real socket: the in-memory server answers on http://localhost/ (port 80).
        Assert.NotEqual(80, client.Http.BaseAddress!.Port);

        var response = (await client.GetAsync(url)).Expect(status);

        Assert.False(response.Headers.Contains("Server"), $"Server: {string.Join(',', response.Headers.Server)}");
    }
}
