namespace Omniman.Directives;

/// <summary>One handler per topic; a second registration for a topic is a start-up error naming it.</summary>
public sealed class DirectiveHandlers
{
    private readonly Dictionary<string, DirectiveHandlerRegistration> _byTopic = new(StringComparer.Ordinal);

    public DirectiveHandlers(IEnumerable<DirectiveHandlerRegistration> registrations)
    {
        foreach (var registration in registrations)
        {
            if (!_byTopic.TryAdd(registration.Topic, registration))
                throw new InvalidOperationException(
                    $"Two directive handlers for topic '{registration.Topic}': {_byTopic[registration.Topic].HandlerType.Name} and {registration.HandlerType.Name}.");
        }
    }

    public IReadOnlyCollection<string> Topics => _byTopic.Keys;

    /// <summary>The topics whose handlers wait on outside services (<paramref name="outbound"/>), or the others.</summary>
    public IReadOnlyCollection<string> TopicsOf(bool outbound) => [.. _byTopic.Values.Where(r => r.Outbound == outbound).Select(r => r.Topic)];

    public DirectiveHandlerRegistration? For(string topic) => _byTopic.GetValueOrDefault(topic);
}

/// <summary>Which handler type serves which topic, and whether it runs in the dispatcher's transaction.</summary>
public sealed record DirectiveHandlerRegistration(string Topic, Type HandlerType, bool RunsInTransaction = true, bool Outbound = false)
{
    /// <summary>The registration a handler type declares: its topic and whether it runs in the transaction.</summary>
    public static DirectiveHandlerRegistration Of<T>() where T : IDirectiveHandler => new(T.Topic, typeof(T), T.RunsInTransaction, T.Outbound);
}
