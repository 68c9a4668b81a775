using System.Threading.Channels;

namespace Omniman.OperatorConsole.Live;

/// <summary>An order that changed: created, moved, or given an event.</summary>
public sealed record OrderChange(string Ref, string Channel, string Status);

/// <summary>
/// Fans the order changes <see cref="OrderEventWatcher"/> finds out to every open board of this
/// process. A board that reads too slowly loses its oldest changes rather than holding the others up;
/// it reloads the cards it is told about, so a lost change is only a card that is late until the next one.
/// </summary>
public sealed class OrderFeed
{
    private readonly Lock _gate = new();
    private readonly List<Channel<OrderChange>> _boards = [];

    public bool HasBoards
    {
        get
        {
            lock (_gate) return _boards.Count > 0;
        }
    }

    /// <summary>A board's subscription: changes published from now on, until it is disposed.</summary>
    public Subscription Subscribe()
    {
        var board = Channel.CreateBounded<OrderChange>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_gate) _boards.Add(board);
        return new Subscription(this, board);
    }

    public sealed class Subscription(OrderFeed feed, Channel<OrderChange> board) : IDisposable
    {
        public ChannelReader<OrderChange> Changes => board.Reader;

        public void Dispose()
        {
            lock (feed._gate) feed._boards.Remove(board);
        }
    }

    public void Publish(OrderChange change)
    {
        lock (_gate)
        {
            foreach (var board in _boards) board.Writer.TryWrite(change);
        }
    }
}
