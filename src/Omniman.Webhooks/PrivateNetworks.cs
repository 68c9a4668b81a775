using System.Net;
using System.Net.Sockets;

namespace Omniman.Webhooks;

/// <summary>
/// Keeps deliveries off private networks unless allowed (docs/webhooks.md): a subscription's URL is
/// someone's input, and the server may see hosts the internet cannot (a cloud's metadata service, an
/// admin port on loopback). The check is made on the addresses actually connected to, when the
/// connection is made, so a name that resolves to a private address later is refused too.
/// </summary>
internal static class PrivateNetworks
{
    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.None))
            return true;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] is 0 or 10 or 127 or >= 224
                   || (b[0] == 172 && b[1] is >= 16 and <= 31)
                   || (b[0] == 192 && b[1] == 168)
                   || (b[0] == 169 && b[1] == 254)
                   || (b[0] == 100 && b[1] is >= 64 and <= 127);
        }
        return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast;
    }

    /// <summary>The socket connect of the delivery client: resolves, refuses private addresses unless allowed, connects.</summary>
    public static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, bool allowPrivate, CancellationToken ct)
    {
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(endpoint.Host, ct);
        var allowed = addresses.Where(a => allowPrivate || !IsPrivate(a)).ToArray();
        if (allowed.Length == 0)
            throw new WebhookAddressRefusedException(
                $"{endpoint.Host} resolves to private or loopback addresses only; set Omniman:Webhooks:AllowPrivateNetworks to allow them.");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endpoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>A delivery to an address the settings do not allow: trying again will not help.</summary>
public sealed class WebhookAddressRefusedException(string message) : Exception(message);
