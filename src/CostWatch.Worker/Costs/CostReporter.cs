using CostWatch.Core.Costs;
using CostWatch.Storage.Costs;

namespace CostWatch.Worker.Costs;

/// <summary>Runs a cost query: the API and the <c>costs</c> command answer through it alike.</summary>
internal sealed class CostReporter(ICostQueryStore store)
{
    /// <exception cref="QueryParameterException">The result has more rows than allowed (parameter <c>groupBy</c>).</exception>
    public async Task<CostReport> RunAsync(CostReportSpec spec, CancellationToken cancellationToken)
    {
        var rows = await store.QueryCostsAsync(spec.ToQuery(), cancellationToken);
        if (rows.Count > spec.MaxRows)
        {
            throw new QueryParameterException("groupBy",
                $"the result has more than {spec.MaxRows} rows: narrow the range, use a coarser step, fewer groupBy " +
                "dimensions or a filter");
        }

        // Ordinal order, so both stores (whose collations differ) answer the same rows in the same order.
        var ordered = rows.OrderBy(r => r.BucketStart ?? 0).ThenBy(r => r.Keys, KeysComparer.Instance).ToList();
        return new CostReport(spec, ordered, CostFigures.Sum(rows.Select(r => r.Figures)));
    }

    private sealed class KeysComparer : IComparer<IReadOnlyList<string>>
    {
        public static readonly KeysComparer Instance = new();

        public int Compare(IReadOnlyList<string>? x, IReadOnlyList<string>? y)
        {
            for (var i = 0; i < Math.Min(x!.Count, y!.Count); i++)
            {
                var order = string.CompareOrdinal(x[i], y[i]);
                if (order != 0)
                {
                    return order;
                }
            }

            return x.Count.CompareTo(y.Count);
        }
    }
}
