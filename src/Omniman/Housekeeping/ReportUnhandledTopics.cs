using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Omniman.Directives;
using Omniman.Persistence;

namespace Omniman.Housekeeping;

/// <summary>
/// Directives of a topic no handler serves stay queued (a handler may be deployed later); this job
/// says so in the log, with how many wait, so a misspelt topic in a channel config does not go unseen.
/// </summary>
public sealed class ReportUnhandledTopics(OmnimanDb db, DirectiveHandlers handlers, ILogger<ReportUnhandledTopics> logger) : IHousekeepingJob
{
    public string Name => "report-unhandled-topics";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var known = handlers.Topics.ToList();
        var waiting = await db.Directives.AsNoTracking()
            .Where(d => d.Status == DirectiveStatuses.Queued && !known.Contains(d.Topic))
            .GroupBy(d => d.Topic).Select(g => new { Topic = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        foreach (var topic in waiting)
            logger.LogWarning("{Count} directive(s) of topic {Topic} are queued, and no handler serves that topic", topic.Count, topic.Topic);
        return 0;
    }
}
