using CostWatch.Core.Costs;

namespace CostWatch.Worker.Costs;

/// <summary>The steps a cost query accepts: <c>1m</c>, <c>1h</c>, <c>1d</c>, one per rollup resolution.</summary>
internal static class CostStep
{
    public const string Accepted = "1m, 1h or 1d";

    public static RollupResolution? Parse(string text) => text.Trim() switch
    {
        "1m" => RollupResolution.Minute,
        "1h" => RollupResolution.Hour,
        "1d" => RollupResolution.Day,
        _ => null,
    };

    public static string Label(RollupResolution step) => step switch
    {
        RollupResolution.Minute => "1m",
        RollupResolution.Hour => "1h",
        _ => "1d",
    };
}
