using Omniman.Common;
using Omniman.Pricing;

namespace Omniman.Tests.Pricing;

/// <summary>
/// A promotion's window is read as the wire's timestamps are (docs/api.md, Conventions): without an
/// offset it is UTC, whatever the server's time zone; with one it is converted.
/// </summary>
public sealed class PromotionWindowTests
{
    private static readonly DateTime Now = new(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);

    private static Promotion Create(DateTime from, DateTime until) =>
        Promotion.Create(new PromotionDefinition("WINDOW", 10, null, null, null, from, until, null), Now);

    [Fact]
    public void Window_WithoutAnOffset_IsReadAsUtc_NotAsTheServersLocalTime()
    {
        // What the JSON reader makes of "2026-12-24T09:00:00": no offset, so an unspecified kind.
        var promotion = Create(new DateTime(2026, 12, 24, 9, 0, 0, DateTimeKind.Unspecified), new DateTime(2026, 12, 26, 18, 0, 0, DateTimeKind.Unspecified));

        Assert.Equal(new DateTime(2026, 12, 24, 9, 0, 0, DateTimeKind.Utc), promotion.ValidFrom);
        Assert.Equal(new DateTime(2026, 12, 26, 18, 0, 0, DateTimeKind.Utc), promotion.ValidUntil);
    }

    [Fact]
    public void FromClient_ConvertsLocal_AndKeepsUtc()
    {
        var utc = new DateTime(2026, 12, 24, 9, 0, 0, DateTimeKind.Utc);
        Assert.Equal(utc, UtcStamp.FromClient(utc));
        Assert.Equal(utc, UtcStamp.FromClient(utc.ToLocalTime()));
        Assert.Equal(DateTimeKind.Utc, UtcStamp.FromClient(new DateTime(2026, 12, 24, 9, 0, 0, DateTimeKind.Unspecified)).Kind);
    }
}
