using System.Globalization;
using System.Text.Json;

namespace CostWatch.Core.Pricing;

/// <summary>
/// Reads money and counts from JSON exactly: a number's own text goes straight into <see cref="decimal"/>, never
/// through <see cref="double"/>, whose binary fractions would turn 2.5e-06 into 2.4999999999999998e-06.
/// </summary>
internal static class JsonDecimal
{
    /// <summary>A JSON number, or a string holding one (hand-written files quote prices).</summary>
    public static bool TryRead(JsonElement element, out decimal value)
    {
        var text = element.ValueKind switch
        {
            JsonValueKind.Number => element.GetRawText(),
            JsonValueKind.String => element.GetString(),
            _ => null,
        };
        value = 0m;
        return text is not null
            && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>A whole non-negative number such as a context window; 2000000.0 counts as whole.</summary>
    public static bool TryReadCount(JsonElement element, out long value)
    {
        value = 0;
        if (!TryRead(element, out var number) || number < 0 || number != decimal.Truncate(number) || number > long.MaxValue)
        {
            return false;
        }

        value = (long)number;
        return true;
    }

    /// <summary>How a rejected value appears in an error message: strings quoted, anything else as written.</summary>
    public static string Describe(JsonElement element) => element.ValueKind == JsonValueKind.String
        ? $"'{element.GetString()}'"
        : element.GetRawText();
}
