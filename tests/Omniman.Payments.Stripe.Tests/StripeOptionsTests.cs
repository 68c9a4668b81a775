using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Omniman.Payments.Stripe.Tests;

/// <summary>AddStripePayments: the backend under its name, and settings checked when the host starts, never echoed.</summary>
public sealed class StripeOptionsTests
{
    static readonly TimeProvider Clock = TimeProvider.System;

    [Fact]
    public async Task AddStripePayments_RegistersTheStripeBackendAndTheReader()
    {
        await using var services = StripeHarness.Build(
        [
            new("Omniman:Payments:Stripe:SecretKey", "sk_test_abc"),
            new("Omniman:Payments:Stripe:WebhookSecret", "whsec_abc"),
        ], Clock);

        services.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal("stripe", Assert.Single(services.GetServices<IPaymentBackend>()).Name);
        Assert.NotNull(services.GetRequiredService<StripeWebhookReader>());
        Assert.Equal(StripeOptions.DefaultApiBase, services.GetRequiredService<IOptions<StripeOptions>>().Value.ApiBase);
    }

    [Fact]
    public async Task Start_Fails_WhenTheSecretsAreMissing()
    {
        await using var services = StripeHarness.Build([], Clock);

        var failed = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(failed.Failures, f => f.Contains("Omniman:Payments:Stripe:SecretKey", StringComparison.Ordinal));
        Assert.Contains(failed.Failures, f => f.Contains("Omniman:Payments:Stripe:WebhookSecret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_Fails_WithoutNamingTheValue_WhenTheKeyIsNotASecretKey()
    {
        // A publishable key pasted by mistake: say which setting, not what is in it.
        await using var services = StripeHarness.Build(
        [
            new("Omniman:Payments:Stripe:SecretKey", "pk_live_wrongkind9876"),
            new("Omniman:Payments:Stripe:WebhookSecret", "whsec_abc"),
            new("Omniman:Payments:Stripe:ApiBase", "not a url"),
            new("Omniman:Payments:Stripe:TimeoutSeconds", "0"),
        ], Clock);

        var failed = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(3, failed.Failures.Count());
        Assert.DoesNotContain("wrongkind9876", failed.Message, StringComparison.Ordinal);
    }
}
