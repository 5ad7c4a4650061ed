namespace CostWatch.Benchmarks.Ceiling;

/// <summary>The store's own bulk path, fed the same number of spans the worker acknowledged.</summary>
internal sealed record CeilingResult(string Path, IReadOnlyList<CeilingVariant> Variants)
{
    public CeilingVariant Best => Variants.MaxBy(v => v.SpansPerSecond)!;
}
