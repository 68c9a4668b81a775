using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Omniman.TestKit.Stripe;

namespace Omniman.Payments.Stripe.Tests;

/// <summary>
/// The fake keeps Stripe's rules the backend tests lean on; raw HTTP here, so a rule the backend
/// happens to avoid is still seen to hold.
/// </summary>
public sealed class FakeStripeTests : IAsyncLifetime
{
    FakeStripe _fake = null!;
    readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        _fake = await FakeStripe.StartAsync();
        _http.BaseAddress = new Uri(_fake.ApiBase);
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", FakeStripe.SecretKey);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _fake.DisposeAsync();
    }

    async Task<(HttpStatusCode Status, JsonObject Body, HttpResponseMessage Response)> PostAsync(string path, string? key, params (string, string)[] form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(form.Select(f => KeyValuePair.Create(f.Item1, f.Item2))),
        };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        var response = await _http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject(), response);
    }

    static readonly (string, string)[] VisaIntent =
        [("amount", "1000"), ("currency", "usd"), ("capture_method", "manual"), ("confirm", "true"), ("payment_method", StripeTestCards.Visa)];

    [Fact]
    public async Task Confirm_WantsAReturnUrl_WhenRedirectingMethodsAreAllowed()
    {
        var (status, body, _) = await PostAsync("/v1/payment_intents", null, [.. VisaIntent, ("automatic_payment_methods[enabled]", "true")]);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("return_url", body["error"]!["param"]!.GetValue<string>());
        Assert.Equal(0, _fake.PaymentIntentCount);
    }

    [Fact]
    public async Task Replay_IsTheFirstAnswerByteForByte_AndSaysSo()
    {
        var first = await PostAsync("/v1/payment_intents", "k-1", VisaIntent);
        var second = await PostAsync("/v1/payment_intents", "k-1", VisaIntent);

        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal(first.Body.ToJsonString(), second.Body.ToJsonString());
        Assert.False(first.Response.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", second.Response.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal("requires_capture", first.Body["status"]!.GetValue<string>());
        Assert.Equal(1000, first.Body["amount_capturable"]!.GetValue<long>());
    }

    [Fact]
    public async Task Decline_IsA402CardErrorCarryingTheIntent_AndIsReplayed()
    {
        (string, string)[] declined = [.. VisaIntent.Where(f => f.Item1 != "payment_method"), ("payment_method", StripeTestCards.Declined)];

        var first = await PostAsync("/v1/payment_intents", "k-2", declined);
        var second = await PostAsync("/v1/payment_intents", "k-2", declined);

        Assert.Equal(HttpStatusCode.PaymentRequired, first.Status);
        var error = first.Body["error"]!;
        Assert.Equal(("card_error", "card_declined", "generic_decline"),
            (error["type"]!.GetValue<string>(), error["code"]!.GetValue<string>(), error["decline_code"]!.GetValue<string>()));
        Assert.Equal("requires_payment_method", error["payment_intent"]!["status"]!.GetValue<string>());
        Assert.Equal(first.Body.ToJsonString(), second.Body.ToJsonString());
        Assert.Equal(1, _fake.PaymentIntentCount);
    }

    [Fact]
    public async Task UnknownParameter_IsRefused()
    {
        var (status, body, _) = await PostAsync("/v1/payment_intents", null, [.. VisaIntent, ("amount_to_charge", "5")]);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("parameter_unknown", body["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Call_WithoutTheSecretKey_Is401()
    {
        _http.DefaultRequestHeaders.Authorization = null;

        var (status, body, _) = await PostAsync("/v1/payment_intents", null, VisaIntent);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_request_error", body["error"]!["type"]!.GetValue<string>());
        Assert.Equal(0, _fake.PaymentIntentCount);
    }

    [Fact]
    public async Task Requests_AreLoggedWithKeyAndForm()
    {
        await PostAsync("/v1/payment_intents", "k-3", [.. VisaIntent, ("metadata[order]", "ORD-1")]);

        var logged = Assert.Single(_fake.Requests);
        Assert.Equal(("POST", "/v1/payment_intents", "k-3", "ORD-1"), (logged.Method, logged.Path, logged.IdempotencyKey, logged.Form["metadata[order]"]));
    }
}
