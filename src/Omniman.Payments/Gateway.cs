using Omniman.Common;

namespace Omniman.Payments;

/// <summary>A gateway call made for a client's request: its failures as the error envelope's codes.</summary>
internal static class Gateway
{
    public static async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (PaymentGatewayUnavailableException ex)
        {
            throw new OmnimanException("payment_gateway_unavailable", $"The payment gateway could not be reached: {ex.Message} Try again.");
        }
        catch (PaymentGatewayRefusedException ex)
        {
            throw new OmnimanException("payment_gateway_refused", $"The payment gateway refused the request: {ex.Message}", new { gateway_code = ex.Code });
        }
    }
}
