using System.Net.Sockets;

namespace Omniman.TestKit;

/// <summary>
/// The Redis the cluster tests share, at <c>OMNIMAN_TEST_REDIS</c> (default <c>127.0.0.1:6379</c>). No
/// server is a failure, not a skip, as with PostgreSQL: the several-process half of the suite must run.
/// </summary>
public static class RedisServer
{
    public const string Variable = "OMNIMAN_TEST_REDIS";

    public static string Configuration => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : "127.0.0.1:6379";

    /// <summary>Throws a clear error when nothing answers at <see cref="Configuration"/>.</summary>
    public static async Task EnsureReachableAsync()
    {
        var endpoint = Configuration.Split(',')[0];
        var colon = endpoint.LastIndexOf(':');
        var (host, port) = colon < 0 ? (endpoint, 6379) : (endpoint[..colon], int.Parse(endpoint[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is SocketException or TimeoutException)
        {
            throw new InvalidOperationException($"Redis is not reachable at '{Configuration}'. Start it (see README) or set {Variable}.", ex);
        }
    }
}
