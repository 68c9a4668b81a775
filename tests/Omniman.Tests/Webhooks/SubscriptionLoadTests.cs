using Omniman.Webhooks;

namespace Omniman.Tests.Webhooks;

/// <summary>A subscription's deliveries in flight are counted up to the limit, and freed slots are taken again (issue 18).</summary>
public sealed class SubscriptionLoadTests
{
    [Fact]
    public void TryEnter_TakesFreedSlotsAgain_AndRefusesPastTheLimit()
    {
        var load = new SubscriptionLoad();
        for (var round = 0; round < 3; round++)
        {
            Assert.True(load.TryEnter("WHS-1", 2));
            Assert.True(load.TryEnter("WHS-1", 2));
            Assert.False(load.TryEnter("WHS-1", 2));
            Assert.True(load.TryEnter("WHS-2", 2));
            load.Exit("WHS-1");
            load.Exit("WHS-1");
            load.Exit("WHS-2");
        }
    }
}
