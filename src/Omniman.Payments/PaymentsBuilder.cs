using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Omniman.Channels;
using Omniman.Housekeeping;
using Omniman.Orders;
using Omniman.Sessions;

namespace Omniman.Payments;

public static class PaymentsBuilder
{
    /// <summary>
    /// The payments module (docs/payments.md): its tables, the <c>payment</c> check, capture, void and
    /// refund directives, and the <c>mock</c> backend. Other backends add themselves as <see cref="IPaymentBackend"/>.
    /// </summary>
    public static OmnimanBuilder AddPayments(this OmnimanBuilder builder)
    {
        var services = builder.Services;
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPaymentBackend, MockPaymentBackend>());
        services.AddSingleton<PaymentBackends>();
        services.AddSingleton<IChannelConfigSection, PaymentConfigSection>();
        services.AddScoped<AuthorizeSessionPayment>();
        services.AddScoped<RequestRefund>();
        services.AddScoped<ApplyPaymentNotice>();
        services.AddScoped<PaymentSteps>();
        services.AddScoped<ISessionHook, PaymentSessionHook>();
        services.AddScoped<IHousekeepingJob, PurgePaymentNotices>();
        services.AddScoped<Omniman.AspNetCore.Orders.IOrderResponsePart, Http.OrderPaymentsPart>();
        return builder.AddModuleTables<PaymentTables>()
            .AddOrderHook<PaymentOrderHook>()
            .AddDirectiveHandler<PaymentCheckHandler>()
            .AddDirectiveHandler<CapturePaymentsHandler>()
            .AddDirectiveHandler<CancelPaymentsHandler>()
            .AddDirectiveHandler<RefundPaymentHandler>();
    }
}
