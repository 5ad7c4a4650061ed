using System.Text;
using System.Text.Json;
using CostWatch.Worker.Api;

namespace CostWatch.Worker.Tests.Api;

public sealed class MoneyTests
{
    [Theory]
    [InlineData("0.048935000", "0.048935")]
    [InlineData("12.0", "12")]
    [InlineData("0", "0")]
    [InlineData("0.000000000000000000000001", "0.000000000000000000000001")]
    [InlineData("1234.300000000123456889012345", "1234.300000000123456889012345")]
    [InlineData("79228162514264337593543950335", "79228162514264337593543950335")]
    public void JsonNumbers_AreTheExactDecimal_WithoutTrailingZerosOrExponent(string value, string json)
    {
        var amount = decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            CostJson.WriteMoney(writer, "costUsd", amount);
            writer.WriteEndObject();
        }

        Assert.Equal($$"""{"costUsd":{{json}}}""", Encoding.UTF8.GetString(buffer.ToArray()));
        Assert.Equal(amount, Money.Normalize(amount));
        Assert.Equal(json, Money.Format(amount));
    }
}
