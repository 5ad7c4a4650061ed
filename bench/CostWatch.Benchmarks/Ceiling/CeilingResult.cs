namespace CostWatch.Benchmarks.Ceiling;

/// <summary>
/// The store's own bulk path, fed the same number of spans the worker acknowledged in its measured window, on top
/// of as many as it had stored before (<see cref="StoredBefore"/>).
/// </summary>
internal sealed record CeilingResult(string Path, IReadOnlyList<CeilingVariant> Variants,
    long StoredBefore)
{
    public CeilingVariant Best => Variants.MaxBy(v => v.SpansPerSecond)!;
}
