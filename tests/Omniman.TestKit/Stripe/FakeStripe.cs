using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Omniman.TestKit.Stripe;

/// <summary>
/// Stripe's API on a loopback port, in process, for tests: PaymentIntents with manual capture,
/// refunds, Stripe's error shapes, idempotent replays, Bearer auth, injected faults and a log of
/// what arrived. Point <c>Omniman:Payments:Stripe:ApiBase</c> at <see cref="ApiBase"/> (or take
/// <see cref="Settings"/>). One per test: <c>await using var stripe = await FakeStripe.StartAsync();</c>
/// </summary>
public sealed class FakeStripe : IAsyncDisposable
{
    /// <summary>The one secret key the fake accepts; others get Stripe's 401.</summary>
    public const string SecretKey = "sk_test_omniman_fake_0123456789abcdef";

    /// <summary>A webhook signing secret for tests to sign events with (<see cref="StripeWebhookSigner"/>).</summary>
    public const string WebhookSecret = "whsec_omniman_fake_0123456789abcdef";

    readonly WebApplication _app;
    readonly FakeStripeAccount _account;
    readonly TimeProvider _clock;
    readonly CancellationTokenSource _stopping = new();
    readonly List<FakeStripeRequest> _log = [];
    readonly List<(string Path, FakeStripeFault Fault)> _faults = [];
    readonly Dictionary<string, Saved> _idempotency = new(StringComparer.Ordinal);

    /// <summary>An answer kept under an idempotency key; <c>Answer</c> is null while the first request still runs.</summary>
    sealed record Saved(string Fingerprint, FakeStripeAnswer? Answer);

    FakeStripe(WebApplication app, TimeProvider clock)
    {
        _app = app;
        _clock = clock;
        _account = new FakeStripeAccount(clock);
        app.Run(HandleAsync);
    }

    /// <summary>Starts the fake on a free loopback port; <paramref name="clock"/> stamps <c>created</c> (the system clock by default).</summary>
    public static async Task<FakeStripe> StartAsync(TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        // The test's own appsettings.json and environment (urls, Kestrel endpoints) are the app's, not the fake's.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var fake = new FakeStripe(builder.Build(), clock ?? TimeProvider.System);
        await fake._app.StartAsync();
        var address = fake._app.Urls.First();
        fake.ApiBase = address.TrimEnd('/');
        return fake;
    }

    /// <summary>The fake's base URL, <c>http://127.0.0.1:port</c>.</summary>
    public string ApiBase { get; private set; } = "";

    /// <summary>The settings that point Omniman's Stripe backend at this fake (the shape <c>OmnimanApp.Settings</c> takes).</summary>
    public IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("Omniman:Payments:Stripe:SecretKey", SecretKey),
        new("Omniman:Payments:Stripe:WebhookSecret", WebhookSecret),
        new("Omniman:Payments:Stripe:ApiBase", ApiBase),
    ];

    /// <summary>Every call received so far, in order of arrival.</summary>
    public IReadOnlyList<FakeStripeRequest> Requests
    {
        get { lock (_log) return [.. _log]; }
    }

    /// <summary>How many PaymentIntents exist: the measure of "charged once".</summary>
    public int PaymentIntentCount
    {
        get { lock (_account.Gate) return _account.Intents.Count; }
    }

    /// <summary>
    /// Makes the next <paramref name="times"/> calls to <paramref name="path"/> (exact, e.g.
    /// <c>/v1/payment_intents</c> or <c>/v1/payment_intents/pi_…/capture</c>) answer with
    /// <paramref name="fault"/> instead of normally. Faults come after the auth check, as Stripe's own would.
    /// </summary>
    public void Fail(string path, FakeStripeFault fault, int times = 1)
    {
        lock (_faults)
            for (var i = 0; i < times; i++) _faults.Add((path, fault));
    }

    /// <summary>The intent as <c>GET /v1/payment_intents/{id}</c> would answer it, a copy to read or alter.</summary>
    public JsonObject PaymentIntent(string id)
    {
        lock (_account.Gate) return Intent(id).ToJson();
    }

    /// <summary>The intent's charge (amounts captured and refunded), as Stripe writes a charge.</summary>
    public JsonObject Charge(string id)
    {
        lock (_account.Gate)
        {
            var intent = Intent(id);
            return intent.Charge?.ToJson(intent) ?? throw new InvalidOperationException($"{id} has no charge.");
        }
    }

    /// <summary>The customer completes 3-D Secure on an intent in <c>requires_action</c>: it becomes authorized.</summary>
    public void CompleteAction(string id)
    {
        lock (_account.Gate) _account.CompleteAction(Intent(id));
    }

    /// <summary>The customer fails 3-D Secure: the intent goes back to <c>requires_payment_method</c> with the failure.</summary>
    public void FailAction(string id)
    {
        lock (_account.Gate) FakeStripeAccount.FailAction(Intent(id));
    }

    /// <summary>A webhook event of <paramref name="type"/> about the intent as it is now (<c>payment_intent.*</c>).</summary>
    public string PaymentIntentEvent(string type, string id, string? eventId = null) =>
        StripeEvents.Create(type, PaymentIntent(id), _clock.GetUtcNow(), eventId);

    /// <summary>A <c>charge.refunded</c> event for the intent's charge as it is now.</summary>
    public string ChargeRefundedEvent(string id, string? eventId = null) =>
        StripeEvents.Create("charge.refunded", Charge(id), _clock.GetUtcNow(), eventId);

    FakeStripeIntent Intent(string id) => _account.Find(id) ?? throw new InvalidOperationException($"The fake has no PaymentIntent {id}.");

    async Task HandleAsync(HttpContext http)
    {
        var request = http.Request;
        var path = request.Path.Value ?? "/";
        var form = request.HasFormContentType
            ? (await request.ReadFormAsync(http.RequestAborted)).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal)
            : request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        var key = request.Headers["Idempotency-Key"].FirstOrDefault();
        lock (_log) _log.Add(new FakeStripeRequest(request.Method, path, key, form));

        if (request.Headers.Authorization.ToString() != $"Bearer {SecretKey}")
        {
            await WriteAsync(http, FakeStripeAnswer.Error(401, "invalid_request_error", Unauthorized(request.Headers.Authorization.ToString())));
            return;
        }
        var fault = TakeFault(path);
        switch (fault)
        {
            case FakeStripeFault.ServerError:
                await WriteAsync(http, FakeStripeAnswer.ApiError());
                return;
            case FakeStripeFault.RateLimited:
                await WriteAsync(http, FakeStripeAnswer.Error(429, "invalid_request_error",
                    "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.", "rate_limit"));
                return;
            case FakeStripeFault.Hang:
                await HangAsync(http);
                return;
        }

        // Stripe keeps idempotency keys for POST only; a GET is safe to repeat anyway.
        if (!HttpMethods.IsPost(request.Method) || key is null)
        {
            var once = fault == FakeStripeFault.ServerErrorSaved ? FakeStripeAnswer.ApiError() : Execute(request.Method, path, form);
            if (fault == FakeStripeFault.LoseAnswer) await HangAsync(http);
            else await WriteAsync(http, once);
            return;
        }

        var fingerprint = $"{request.Method} {path}?{string.Join('&', form.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}"))}";
        Saved? earlier;
        lock (_idempotency)
            if (!_idempotency.TryGetValue(key, out earlier)) _idempotency[key] = new Saved(fingerprint, null);
        if (earlier is not null)
        {
            await WriteAsync(http, Replay(key, fingerprint, earlier), replayed: earlier.Fingerprint == fingerprint && earlier.Answer is not null);
            return;
        }

        var answer = fault == FakeStripeFault.ServerErrorSaved ? FakeStripeAnswer.ApiError() : Execute(request.Method, path, form);
        lock (_idempotency)
        {
            if (answer.Saved) _idempotency[key] = new Saved(fingerprint, answer);
            else _idempotency.Remove(key);
        }
        if (fault == FakeStripeFault.LoseAnswer) await HangAsync(http);
        else await WriteAsync(http, answer);
    }

    static FakeStripeAnswer Replay(string key, string fingerprint, Saved earlier)
    {
        if (earlier.Fingerprint != fingerprint)
            return FakeStripeAnswer.Error(400, "idempotency_error",
                $"Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{key}' if you meant to execute a different request.",
                saved: false);
        return earlier.Answer ?? FakeStripeAnswer.Error(409, "idempotency_error",
            $"There is currently another in-progress request using this Idempotent Key (probably means you submitted twice, and the other request is still going through): {key}. Please try again later.",
            "idempotency_key_in_use", saved: false);
    }

    FakeStripeAnswer Execute(string method, string path, IReadOnlyDictionary<string, string> form)
    {
        var parts = path.Trim('/').Split('/');
        lock (_account.Gate)
        {
            return (method, parts) switch
            {
                ("POST", ["v1", "payment_intents"]) => _account.CreateIntent(form),
                ("GET", ["v1", "payment_intents", var id]) => _account.Retrieve(id),
                ("POST", ["v1", "payment_intents", var id, "capture"]) => _account.Capture(id, form),
                ("POST", ["v1", "payment_intents", var id, "cancel"]) => _account.Cancel(id, form),
                ("POST", ["v1", "refunds"]) => _account.Refund(form),
                ("GET", ["v1", "refunds", var id]) => _account.RetrieveRefund(id),
                _ => FakeStripeAnswer.Error(404, "invalid_request_error",
                    $"Unrecognized request URL ({method}: {path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.",
                    saved: false),
            };
        }
    }

    FakeStripeFault? TakeFault(string path)
    {
        lock (_faults)
        {
            var index = _faults.FindIndex(f => f.Path == path);
            if (index < 0) return null;
            var fault = _faults[index].Fault;
            _faults.RemoveAt(index);
            return fault;
        }
    }

    async Task HangAsync(HttpContext http)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, _stopping.Token);
        try
        {
            await Task.Delay(Timeout.Infinite, either.Token);
        }
        catch (OperationCanceledException)
        {
            // The client gave up or the fake is stopping: the connection goes without an answer.
        }
        http.Abort();
    }

    // Stripe shows only the key's last four characters.
    static string Unauthorized(string header) =>
        header.StartsWith("Bearer ", StringComparison.Ordinal) && header.Length > 11
            ? $"Invalid API Key provided: {header[7..10]}*********{header[^4..]}"
            : "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').";

    static async Task WriteAsync(HttpContext http, FakeStripeAnswer answer, bool replayed = false)
    {
        http.Response.StatusCode = answer.Status;
        http.Response.ContentType = "application/json";
        http.Response.Headers["Request-Id"] = FakeStripeAccount.NewId("req");
        if (replayed) http.Response.Headers["Idempotent-Replayed"] = "true";
        await http.Response.WriteAsync(answer.Body.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}
