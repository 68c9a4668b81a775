using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Omniman.Access;

namespace Omniman.OperatorConsole.Pages.Keys;

/// <summary>
/// Carries a new key's secret across the redirect after the form that made it, to be shown once on
/// the key's page: read, it is gone, so a reload shows it no more and sends no form again. It travels
/// in the console's temporary data (an encrypted cookie, deleted when read) and is never stored.
/// </summary>
internal static class OnceShownSecret
{
    private const string Item = "omniman:new-key-secret";

    public static void Keep(ITempDataDictionary tempData, CreatedApiKey created) =>
        tempData[Item] = created.Key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + created.Secret;

    /// <summary>The secret of key <paramref name="keyId"/> if it was just made; whatever was kept is gone after this.</summary>
    public static string? Take(ITempDataDictionary tempData, long keyId)
    {
        var kept = tempData[Item] as string;
        var colon = kept?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        return colon > 0 && kept![..colon] == keyId.ToString(System.Globalization.CultureInfo.InvariantCulture) ? kept[(colon + 1)..] : null;
    }
}
