namespace CostWatch.Worker.Observability;

/// <summary>One <see cref="ToolCallSeries"/>'s share of a rollup window.</summary>
internal sealed class ToolCallObservations
{
    public long Calls { get; set; }

    public DateTime LastEnd { get; set; } = DateTime.MinValue;
}
