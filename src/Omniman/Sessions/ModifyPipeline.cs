using Microsoft.Extensions.Options;
using Omniman.Common;

namespace Omniman.Sessions;

/// <summary>The registered modifiers and validators, in order, and the line id generator.</summary>
public sealed class ModifyPipeline
{
    private readonly IModifier[] _modifiers;
    private readonly IValidator[] _validators;
    private readonly OmnimanOptions _options;

    public ModifyPipeline(IEnumerable<IModifier> modifiers, IEnumerable<IValidator> validators, IOptions<OmnimanOptions> options)
    {
        _modifiers = [.. modifiers.OrderBy(m => m.Order)];
        _validators = [.. validators.OrderBy(v => v.Order)];
        _options = options.Value;
    }

    public string NewLineId() => _options.LineIdPrefix + RandomCodes.Next(_options.LineIdLength);

    public void Run(SessionDraft draft, ValidationStage stage)
    {
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
