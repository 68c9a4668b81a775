using Microsoft.EntityFrameworkCore;
using Omniman.Common;
using Omniman.Persistence;

namespace Omniman.Directives;

/// <summary>An operator's "run it again": a failed or queued directive becomes due now.</summary>
public sealed class RunDirectiveNow(OmnimanDb db, TimeProvider clock, DirectiveSignal signal)
{
    public async Task<Directive> ExecuteAsync(long id, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = await db.Directives
            .Where(d => d.Id == id && (d.Status == DirectiveStatuses.Failed || d.Status == DirectiveStatuses.Queued))
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DirectiveStatuses.Queued)
                .SetProperty(d => d.AvailableAt, now)
                .SetProperty(d => d.UpdatedAt, now), ct);
        var directive = await db.Directives.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct)
            ?? throw OmnimanException.NotFound("Directive", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (changed == 0)
            throw new OmnimanException(directive.Status == DirectiveStatuses.Running ? "in_progress" : "already_done",
                $"Directive {id} is {directive.Status}; only queued or failed directives can be run again.", new { status = directive.Status });
        signal.Wake();
        return directive;
    }
}
