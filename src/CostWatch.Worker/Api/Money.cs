namespace CostWatch.Worker.Api;

/// <summary>Money as the API writes it: the exact decimal, without the trailing zeros of its scale.</summary>
internal static class Money
{
    public const string Currency = "USD";

    /// <summary>
    /// The same value at the smallest scale (0.048935000 becomes 0.048935). Dividing by one is exact; decimal
    /// division answers at the smallest scale that holds the quotient.
    /// </summary>
    public static decimal Normalize(decimal value) => value / 1.0000000000000000000000000000m;

    public static string Format(decimal value) =>
        Normalize(value).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
