using CostWatch.Core.Costs;

namespace CostWatch.Storage.Costs;

/// <summary>Adds up the rows of a cost query read in parts (lanes of one snapshot): one row per group, figures summed.</summary>
internal static class CostRowMerge
{
    /// <summary>The groups of every part, each summed over the parts, at most <paramref name="rowLimit"/> of them.</summary>
    public static List<CostRow> Sum(IEnumerable<IReadOnlyList<CostRow>> parts, int rowLimit)
    {
        var groups = new Dictionary<CostRow, CostFigures>(GroupComparer.Instance);
        foreach (var row in parts.SelectMany(part => part))
        {
            groups[row] = groups.TryGetValue(row, out var figures) ? figures + row.Figures : row.Figures;
        }

        return groups.Take(rowLimit).Select(group => group.Key with { Figures = group.Value }).ToList();
    }

    /// <summary>Rows of one group: the same dimension values and step bucket, whatever their figures.</summary>
    private sealed class GroupComparer : IEqualityComparer<CostRow>
    {
        public static readonly GroupComparer Instance = new();

        public bool Equals(CostRow? x, CostRow? y) =>
            x!.BucketStart == y!.BucketStart && x.Keys.SequenceEqual(y.Keys, StringComparer.Ordinal);

        public int GetHashCode(CostRow row)
        {
            var hash = new HashCode();
            hash.Add(row.BucketStart);
            foreach (var key in row.Keys)
            {
                hash.Add(key, StringComparer.Ordinal);
            }

            return hash.ToHashCode();
        }
    }
}
