using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Omniman.Common;
using Omniman.Persistence;
using Omniman.Sessions;

namespace Omniman.Housekeeping;

/// <summary>
/// Abandons open sessions idle longer than <c>SessionTtlHours</c>, through the same operation as the
/// API (holds released). <c>SessionTtlHours</c> 0 turns the job off.
/// </summary>
public sealed class AbandonIdleSessions(OmnimanDb db, AbandonSession abandon, TimeProvider clock, IOptions<OmnimanOptions> options) : IHousekeepingJob
{
    private const int Batch = 200;

    public string Name => "abandon-idle-sessions";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        if (options.Value.SessionTtlHours <= 0) return 0;   // 0: sessions live until committed or abandoned by a client
        var cutoff = clock.GetUtcNow().UtcDateTime.AddHours(-options.Value.SessionTtlHours);
        var idle = await db.Sessions.AsNoTracking()
            .Where(s => s.State == SessionStates.Open && s.UpdatedAt < cutoff)
            .OrderBy(s => s.UpdatedAt).Take(Batch)
            .Select(s => new { s.ChannelCode, s.SessionKey })
            .ToListAsync(ct);
        var abandoned = 0;
        foreach (var s in idle)
        {
            try
            {
                await abandon.ExecuteAsync(new SessionRef(s.ChannelCode, s.SessionKey), ct, idleSince: cutoff);
                abandoned++;
            }
            catch (OmnimanException)
            {
                // committed, abandoned or touched since we looked: nothing to do
            }
            db.ChangeTracker.Clear();
        }
        return abandoned;
    }
}
