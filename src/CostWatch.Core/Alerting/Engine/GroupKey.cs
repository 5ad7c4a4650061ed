using CostWatch.Core.Alerting.Rules;

namespace CostWatch.Core.Alerting.Engine;

/// <summary>A group's labels: the rule's <c>groupBy</c> names, in order, with their values.</summary>
internal static class GroupKey
{
    public static readonly IEqualityComparer<IReadOnlyList<KeyValuePair<string, string>>> Comparer = new PairsComparer();

    public static IReadOnlyList<KeyValuePair<string, string>> Of(AlertRule rule, Func<string, string> value) =>
        rule.GroupBy.Select(name => new KeyValuePair<string, string>(name, value(name))).ToList();

    private sealed class PairsComparer : IEqualityComparer<IReadOnlyList<KeyValuePair<string, string>>>
    {
        public bool Equals(IReadOnlyList<KeyValuePair<string, string>>? x, IReadOnlyList<KeyValuePair<string, string>>? y) =>
            x is not null && y is not null && x.SequenceEqual(y);

        public int GetHashCode(IReadOnlyList<KeyValuePair<string, string>> pairs)
        {
            var hash = default(HashCode);
            foreach (var (name, value) in pairs)
            {
                hash.Add(name, StringComparer.Ordinal);
                hash.Add(value, StringComparer.Ordinal);
            }

            return hash.ToHashCode();
        }
    }
}
