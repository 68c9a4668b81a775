using System.Threading.Channels;

namespace Omniman.Directives;

/// <summary>
/// Wakes this process's idle worker when a transaction that wrote directives commits, so a
/// directive is picked up at once rather than at the next poll.
/// </summary>
public sealed class DirectiveSignal
{
    private readonly Channel<bool> _wakes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Wake() => _wakes.Writer.TryWrite(true);

    /// <summary>Completes when woken or when the timeout passes, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            await _wakes.Reader.WaitToReadAsync(cts.Token);
            _wakes.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // timed out: time to poll
        }
    }
}
