using Microsoft.AspNetCore.Routing.Patterns;
using Omniman.AspNetCore.Addressing;
using Omniman.Common;

namespace Omniman.AspNetCore.Tests.Api;

/// <summary>The raw path segment of a route parameter, found as the server routes and decoded once.</summary>
public sealed class RawPathValueTests
{
    private static readonly RoutePattern Stock = RoutePatternFactory.Parse("/api/stock/{sku}");
    private static readonly RoutePattern Adjust = RoutePatternFactory.Parse("/api/stock/{sku}/adjust");

    [Theory]
    [InlineData("/api/stock/A%2FB", "A%2FB")]
    [InlineData("/api/stock/A%2FB/", "A%2FB")]
    [InlineData("/api/stock/A%2FB?x=/y/z", "A%2FB")]
    [InlineData("/api/./stock/A%2FB", "A%2FB")]
    [InlineData("/api/x/../stock/%2E/A%2FB", "A%2FB")]
    [InlineData("/base/api/stock/X%252FY", "X%252FY")]
    [InlineData("http://shop.example:8080/api/stock/caneca%20azul?q", "caneca%20azul")]
    [InlineData("/api/stock/A%2FB/.", "A%2FB")]
    public void RawSegment_IsTheParametersSegment(string target, string expected) =>
        Assert.Equal(expected, RawPathValue.RawSegment(target, Stock, "sku"));

    [Theory]
    [InlineData("/api/stock/A%2FB/adjust", "A%2FB")]
    [InlineData("/api/stock/A%2FB/adjust/", "A%2FB")]
    [InlineData("/api/stock/A%2FB/x/../adjust", "A%2FB")]
    public void RawSegment_CountsFromTheEnd_WhenSegmentsFollow(string target, string expected) =>
        Assert.Equal(expected, RawPathValue.RawSegment(target, Adjust, "sku"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("*")]
    public void RawSegment_IsNull_WithoutAPath(string? target) => Assert.Null(RawPathValue.RawSegment(target, Stock, "sku"));

    [Fact]
    public void RawSegment_IsNull_ForAParameterThePatternLacks() => Assert.Null(RawPathValue.RawSegment("/api/stock/A", Stock, "code"));

    [Theory]
    [InlineData("A%2FB", false, "A/B")]
    [InlineData("A%2fB", false, "A/B")]
    [InlineData("A%2FB", true, "A%2FB")]
    [InlineData("X%252FY", false, "X%2FY")]
    [InlineData("X%252FY", true, "X%2FY")]
    [InlineData("50%25", false, "50%")]
    [InlineData("50%", false, "50%")]
    [InlineData("%zz%4", false, "%zz%4")]
    [InlineData("%D0%BA%D1%80%D1%83%D0%B6%D0%BA%D0%B0", false, "кружка")]
    [InlineData("caf%C3%A9+x", false, "café+x")]
    [InlineData("%F0%9F%98%80", false, "😀")]
    public void Unescape_DecodesOnceAsUtf8(string segment, bool keepEscapedSlash, string expected) =>
        Assert.Equal(expected, RawPathValue.Unescape(segment, "sku", keepEscapedSlash));

    [Theory]
    [InlineData("%ED%A0%80")]
    [InlineData("%C3")]
    [InlineData("%FF")]
    public void Unescape_RefusesBytesThatAreNotUtf8(string segment)
    {
        var ex = Assert.Throws<OmnimanException>(() => RawPathValue.Unescape(segment, "sku", keepEscapedSlash: false));

        Assert.Equal("validation_error", ex.Code);
        Assert.Equal(new Dictionary<string, object> { ["field"] = "sku" }, ex.Context);
    }
}
