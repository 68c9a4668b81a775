namespace Omniman.Directives;

/// <summary>One handler per topic; a second registration for a topic is a start-up error naming it.</summary>
public sealed class DirectiveHandlers
{
    private readonly Dictionary<string, Type> _byTopic = new(StringComparer.Ordinal);

    public DirectiveHandlers(IEnumerable<DirectiveHandlerRegistration> registrations)
    {
        foreach (var registration in registrations)
        {
            if (!_byTopic.TryAdd(registration.Topic, registration.HandlerType))
                throw new InvalidOperationException(
                    $"Two directive handlers for topic '{registration.Topic}': {_byTopic[registration.Topic].Name} and {registration.HandlerType.Name}.");
        }
    }

    public IReadOnlyCollection<string> Topics => _byTopic.Keys;

    public Type? For(string topic) => _byTopic.GetValueOrDefault(topic);
}

/// <summary>Which handler type serves which topic.</summary>
public sealed record DirectiveHandlerRegistration(string Topic, Type HandlerType);
