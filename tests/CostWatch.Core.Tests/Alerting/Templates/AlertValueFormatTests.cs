using CostWatch.Core.Alerting.Templates;

namespace CostWatch.Core.Tests.Alerting.Templates;

/// <summary>The formatters of annotation templates, on exact decimals.</summary>
public sealed class AlertValueFormatTests
{
    [Theory]
    [InlineData("0.0123", "1.23%")]
    [InlineData("0.5", "50%")]
    [InlineData("1", "100%")]
    [InlineData("0", "0%")]
    [InlineData("0.33333", "33.33%")]
    [InlineData("0.000125", "0.01%")] // 0.0125% rounds half away from zero
    [InlineData("0.0000042", "0.00042%")] // too small for two decimals: two significant digits
    [InlineData("-0.05", "-5%")]
    [InlineData("2.5", "250%")]
    public void Percent(string fraction, string expected) =>
        Assert.Equal(expected, AlertValueFormat.Percent(decimal.Parse(fraction, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("1234.56", "$1,234.56")]
    [InlineData("1234.565", "$1,234.57")] // half away from zero, exactly: a double would see 1234.5649999...
    [InlineData("0.125", "$0.13")]
    [InlineData("1234567.891", "$1,234,567.89")]
    [InlineData("100", "$100.00")]
    [InlineData("0", "$0.00")]
    [InlineData("0.01", "$0.01")]
    [InlineData("0.0042", "$0.0042")] // under a cent: two significant digits
    [InlineData("0.004249", "$0.0042")]
    [InlineData("0.00425", "$0.0043")]
    [InlineData("0.005", "$0.005")]
    [InlineData("0.00999", "$0.01")]
    [InlineData("0.000000123", "$0.00000012")]
    [InlineData("-3.1", "-$3.10")]
    [InlineData("-0.0042", "-$0.0042")]
    public void Usd(string amount, string expected) =>
        Assert.Equal(expected, AlertValueFormat.Usd(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("90", "1m 30s")]
    [InlineData("90.9", "1m 30s")] // whole seconds from a minute up, as Prometheus shows them
    [InlineData("60", "1m 0s")]
    [InlineData("3600", "1h 0m 0s")]
    [InlineData("3723", "1h 2m 3s")]
    [InlineData("183845", "2d 3h 4m 5s")]
    [InlineData("30", "30s")]
    [InlineData("1.5", "1.5s")]
    [InlineData("12.3456", "12.35s")]
    [InlineData("0.412", "412ms")]
    [InlineData("0.4123456", "412.3ms")]
    [InlineData("0.001", "1ms")]
    [InlineData("0.0000015", "1.5µs")]
    [InlineData("0.0000000025", "2.5ns")]
    [InlineData("0", "0s")]
    [InlineData("-90", "-1m 30s")]
    public void HumanizeDuration(string seconds, string expected) =>
        Assert.Equal(expected, AlertValueFormat.HumanizeDuration(decimal.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("0.9500", "0.95")]
    [InlineData("1200", "1200")]
    [InlineData("0.0000001", "0.0000001")]
    [InlineData("-2.50", "-2.5")]
    public void Plain(string value, string expected) =>
        Assert.Equal(expected, AlertValueFormat.Plain(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));
}
