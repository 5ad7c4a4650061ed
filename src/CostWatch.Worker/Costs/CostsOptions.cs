namespace CostWatch.Worker.Costs;

/// <summary><c>CostWatch:Costs</c>: custom cost dimensions.</summary>
internal sealed class CostsOptions
{
    public const string Section = "CostWatch:Costs";

    /// <summary>
    /// Dimension name to the span or resource attribute it is read from (<c>team</c> → <c>team.name</c>); a
    /// span's own attribute wins over its resource's. Usable in the cost API's <c>groupBy</c> and filters.
    /// </summary>
    public Dictionary<string, string> Dimensions { get; set; } = new(StringComparer.Ordinal);
}
