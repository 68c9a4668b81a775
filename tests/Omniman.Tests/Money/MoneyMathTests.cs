using Omniman.Money;

namespace Omniman.Tests.Money;

public sealed class MoneyMathTests
{
    [Theory]
    [InlineData("0.5", 1, 0)]
    [InlineData("1.5", 1, 2)]
    [InlineData("2.5", 1, 2)]
    [InlineData("3.5", 1, 4)]
    [InlineData("1.5", 333, 500)]
    [InlineData("2.5", 3, 8)]
    [InlineData("0.125", 4, 0)]
    [InlineData("0.375", 4, 2)]
    [InlineData("1", 0, 0)]
    [InlineData("3", 1999, 5997)]
    public void LineTotal_RoundsHalfToEven_WhenProductIsFractional(string qty, long unitPriceQ, long expected)
    {
        Assert.Equal(expected, MoneyMath.LineTotal(decimal.Parse(qty, System.Globalization.CultureInfo.InvariantCulture), unitPriceQ));
    }

    [Theory]
    [InlineData("0.49", 1, 0)]
    [InlineData("0.51", 1, 1)]
    [InlineData("2.4999", 1, 2)]
    [InlineData("2.5001", 1, 3)]
    public void LineTotal_RoundsToNearest_WhenProductIsNotAMidpoint(string qty, long unitPriceQ, long expected)
    {
        Assert.Equal(expected, MoneyMath.LineTotal(decimal.Parse(qty, System.Globalization.CultureInfo.InvariantCulture), unitPriceQ));
    }

    [Fact]
    public void LineTotal_IsExact_WhenQuantitiesAreDecimalSums()
    {
        // 0.1 + 0.2 is exactly 0.3 in decimal; 0.3 × 15 = 4.5 rounds half-even to 4.
        Assert.Equal(4, MoneyMath.LineTotal(0.1m + 0.2m, 15));
    }

    [Fact]
    public void LineTotal_KeepsFullPrecision_WhenAmountIsLarge()
    {
        Assert.Equal(9_007_199_254_740_993L, MoneyMath.LineTotal(1, 9_007_199_254_740_993L));
        Assert.Equal(long.MaxValue, MoneyMath.LineTotal(1, long.MaxValue));
    }

    [Fact]
    public void LineTotal_ThrowsValidationError_WhenResultExceedsLong()
    {
        var ex = Rules.Throws("validation_error", () => MoneyMath.LineTotal(2, long.MaxValue));

        Assert.Equal("qty", ex.Context().Text("field"));
    }

    [Fact]
    public void LineTotal_ThrowsValidationError_WhenDecimalProductOverflows()
    {
        Rules.Throws("validation_error", () => MoneyMath.LineTotal(decimal.MaxValue, 2));
    }

    [Fact]
    public void Sum_AddsAmounts_WhenTheyFit()
    {
        Assert.Equal(1250, MoneyMath.Sum([1000, 300, -50]));
        Assert.Equal(0, MoneyMath.Sum([]));
    }

    [Fact]
    public void Sum_ThrowsValidationError_WhenTotalOverflows()
    {
        var ex = Rules.Throws("validation_error", () => MoneyMath.Sum([long.MaxValue, 1]));

        Assert.Equal("items", ex.Context().Text("field"));
    }
}
