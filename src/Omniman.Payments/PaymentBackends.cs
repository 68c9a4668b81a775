using Omniman.Common;

namespace Omniman.Payments;

/// <summary>The registered payment backends, by name.</summary>
public sealed class PaymentBackends(IEnumerable<IPaymentBackend> backends)
{
    private readonly Dictionary<string, IPaymentBackend> _byName = backends.ToDictionary(b => b.Name, StringComparer.Ordinal);

    public IPaymentBackend Get(string name) => _byName.GetValueOrDefault(name)
        ?? throw OmnimanException.Invalid("backend", $"No payment backend '{name}' is configured; there are: {string.Join(", ", _byName.Keys.Order(StringComparer.Ordinal))}.");
}
