using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Omniman.Caching;
using Omniman.Directives;
using Omniman.Persistence;

namespace Omniman.Webhooks;

/// <summary>
/// <c>webhook.deliver</c>: posts one delivery, signed, and logs the attempt (docs/webhooks.md). A 2xx
/// is delivered; anything else, or no answer within the timeout, is tried again with backoff until
/// the directive's attempts run out. At least once: a worker that dies after the receiver answered
/// and before the attempt is logged sends it again, with the same event id and body, which the
/// receiver de-duplicates by. A subscription failing without a success for
/// <see cref="WebhookOptions.PauseAfterHours"/> is paused, with the reason.
/// </summary>
public sealed class DeliverWebhookHandler(OmnimanDb db, IHttpClientFactory http, CacheInvalidation invalidation, SubscriptionLoad load,
    IOptions<WebhookOptions> options, TimeProvider clock) : IDirectiveHandler
{
    public const string HttpClientName = "Omniman.Webhooks";

    public static string Topic => WebhookPublisher.DeliverTopic;
    public static bool RunsInTransaction => false;
    public static bool Outbound => true;

    public async Task<DirectiveOutcome> HandleAsync(Directive directive, CancellationToken ct)
    {
        var deliveryId = directive.Payload["delivery_id"]!.GetValue<string>();
        var delivery = await db.Set<WebhookDelivery>().FirstOrDefaultAsync(d => d.Id == deliveryId, ct);
        if (delivery is null || delivery.Status != DeliveryStatuses.Pending) return DirectiveOutcome.Done;
        var subscription = await db.Set<WebhookSubscription>().FirstOrDefaultAsync(s => s.Id == delivery.SubscriptionId, ct);
        if (subscription is null || !subscription.IsActive)
        {
            delivery.Skip(subscription is null ? "the subscription was deleted" : "the subscription is paused", clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(ct);
            return DirectiveOutcome.Done;
        }

        // A receiver busy with its share of deliveries gets no more now: this one waits its turn,
        // without spending an attempt, and the lane goes to another subscription's delivery.
        if (!load.TryEnter(subscription.Id, options.Value.MaxInFlightPerSubscription))
            return DirectiveOutcome.Defer(TimeSpan.FromSeconds(1), "the receiver is busy with earlier deliveries");
        (int? Code, string? Error, TimeSpan Elapsed) answer;
        try
        {
            answer = await PostAsync(subscription, delivery, ct);
        }
        finally
        {
            load.Exit(subscription.Id);
        }
        var (code, error, elapsed) = answer;
        var now = clock.GetUtcNow().UtcDateTime;
        var ms = (int)elapsed.TotalMilliseconds;
        if (code is >= 200 and < 300)
        {
            delivery.Succeeded(code.Value, ms, now);
            subscription.Delivered(now);
            await db.SaveChangesAsync(ct);
            return DirectiveOutcome.Done;
        }
        var reason = error ?? $"the receiver answered {code}";
        delivery.AttemptFailed(code, reason, ms, now);
        var outcome = error is not null && error.StartsWith(RefusedPrefix, StringComparison.Ordinal)
            ? GiveUp(delivery, reason, now)
            : Retry(delivery, subscription, reason, directive.Attempts, now);
        await db.SaveChangesAsync(ct);
        if (!subscription.IsActive) await invalidation.InvalidateAsync(CacheKeys.WebhookSubscriptions, ct);
        return outcome;
    }

    private const string RefusedPrefix = "refused: ";

    private static DirectiveOutcome GiveUp(WebhookDelivery delivery, string reason, DateTime now)
    {
        delivery.GiveUp(reason, now);
        return DirectiveOutcome.Fail(reason);
    }

    private DirectiveOutcome Retry(WebhookDelivery delivery, WebhookSubscription subscription, string reason, int attempt, DateTime now)
    {
        if (subscription.Failed(now, TimeSpan.FromHours(options.Value.PauseAfterHours)))
        {
            var paused = $"Paused after failing since {subscription.FailingSince:u}: {reason}";
            subscription.Pause(paused, now);
            return GiveUp(delivery, paused, now);
        }
        // 30 s, 1 min, 2 min, … up to an hour; the directive's attempt limit ends it.
        return DirectiveOutcome.RetryAfterDelay(TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, Math.Max(0, attempt - 1)))), reason);
    }

    private async Task<(int? Code, string? Error, TimeSpan Elapsed)> PostAsync(WebhookSubscription subscription, WebhookDelivery delivery,
        CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.TryAddWithoutValidation(WebhookSignature.EventIdHeader, delivery.EventId);
        request.Headers.TryAddWithoutValidation(WebhookSignature.Header, WebhookSignature.For(subscription.Secret, delivery.Body, clock.GetUtcNow()));
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            return ((int)response.StatusCode, null, Stopwatch.GetElapsedTime(started));
        }
        catch (Exception ex) when (FindRefusal(ex) is { } refused)
        {
            return (null, RefusedPrefix + refused.Message, Stopwatch.GetElapsedTime(started));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or TimeoutException
                                       or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException
                                   && !ct.IsCancellationRequested)
        {
            return (null, ex is HttpRequestException ? ex.Message : $"no answer within {options.Value.TimeoutSeconds:0.#} s", Stopwatch.GetElapsedTime(started));
        }
    }

    private static WebhookAddressRefusedException? FindRefusal(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is WebhookAddressRefusedException refused) return refused;
        }
        return null;
    }
}
