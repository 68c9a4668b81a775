using System.Reflection;

namespace Omniman.AspNetCore;

/// <summary>The product's version (<c>0.1.0</c>), as the health answer and the OpenAPI document state it.</summary>
internal static class ProductVersion
{
    public static string Current { get; } =
        typeof(ProductVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
