using Microsoft.Extensions.Options;
using Omniman.Common;

namespace Omniman.Sessions;

/// <summary>The registered modifiers and validators, in order, and the line id generator.</summary>
public sealed class ModifyPipeline
{
    private readonly IModifier[] _modifiers;
    private readonly IValidator[] _validators;
    private readonly OmnimanOptions _options;
    private readonly LimitOptions _limits;

    public ModifyPipeline(IEnumerable<IModifier> modifiers, IEnumerable<IValidator> validators, IOptions<OmnimanOptions> options,
        IOptions<LimitOptions>? limits = null)
    {
        _modifiers = [.. modifiers.OrderBy(m => m.Order)];
        _validators = [.. validators.OrderBy(v => v.Order)];
        _options = options.Value;
        _limits = limits?.Value ?? new LimitOptions();
    }

    public LimitOptions Limits => _limits;

    public string NewLineId() => _options.LineIdPrefix + RandomCodes.Next(_options.LineIdLength);

    public void Run(SessionDraft draft, ValidationStage stage)
    {
        if (draft.Items.Count > _limits.MaxLinesPerSession)
            throw OmnimanException.Invalid("items", $"A session holds at most {_limits.MaxLinesPerSession} lines.");
        // Ops check the quantities they carry; a merge sums two, so the line it leaves is checked here.
        if (draft.Items.FirstOrDefault(l => l.Qty > _limits.MaxQty) is { } large)
            throw new OmnimanException("invalid_qty", $"A line's 'qty' is at most {_limits.MaxQty}.",
                new { field = "qty", line_id = large.LineId, qty = large.Qty });
        var owned = draft.Items.Where(l => l.PriceSource is not (null or "payload")).ToDictionary(l => l.LineId, l => l.UnitPriceQ);
        foreach (var modifier in _modifiers) modifier.Apply(draft);
        // Prices a backend (or an audited override) set are never silently rewritten by a modifier.
        foreach (var line in draft.Items)
        {
            if (owned.TryGetValue(line.LineId, out var price) && line.UnitPriceQ != price)
                throw new InvalidOperationException($"A modifier changed the backend-set price of line {line.LineId}; modifiers may add discounts and fees, not rewrite prices.");
        }
        Validate(draft, stage);
    }

    public void Validate(SessionDraft draft, ValidationStage stage)
    {
        foreach (var validator in _validators)
        {
            if (validator.Stage == stage) validator.Validate(draft);
        }
    }
}
