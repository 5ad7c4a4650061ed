namespace CostWatch.Benchmarks.Ceiling;

/// <summary>
/// One way of writing the records straight to the store: how many writers run side by side and how many exports
/// share a transaction.
/// </summary>
internal sealed record CeilingVariant(int Writers, int ExportsPerTransaction, long Spans, TimeSpan Elapsed)
{
    public double SpansPerSecond => Spans / Elapsed.TotalSeconds;

    public string Name => $"{Writers} writer(s) × {ExportsPerTransaction} export(s)/transaction";
}
