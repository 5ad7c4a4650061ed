using System.Text;
using CostWatch.Core.Alerting;

namespace CostWatch.Core.Notifications;

/// <summary>
/// Which group an alert joins: alerts with equal values of the <c>GroupBy</c> labels go out together. The key is
/// written like Alertmanager's, <c>{agent="researcher",rule="TraceLoss"}</c> (names in ordinal order, labels an
/// alert lacks left out), so it is stable across restarts and replicas.
/// </summary>
public sealed class NotificationGrouping(IReadOnlyList<string> groupBy)
{
    public IReadOnlyList<string> GroupBy { get; } = groupBy;

    public (string Key, IReadOnlyDictionary<string, string> Labels) GroupOf(AlertLabels labels)
    {
        var group = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (GroupBy.Contains(NotificationLabels.All, StringComparer.Ordinal))
        {
            foreach (var (name, value) in labels.Pairs)
            {
                group[name] = value;
            }
        }
        else
        {
            foreach (var name in GroupBy)
            {
                var value = NotificationLabels.Value(labels, name);
                if (value.Length > 0)
                {
                    group[name] = value;
                }
            }
        }

        return (Key(group), group);
    }

    private static string Key(IEnumerable<KeyValuePair<string, string>> labels)
    {
        var key = new StringBuilder("{");
        foreach (var (name, value) in labels)
        {
            if (key.Length > 1)
            {
                key.Append(',');
            }

            key.Append(name).Append("=\"").Append(value.Replace("\\", "\\\\", StringComparison.Ordinal)
                .Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
        }

        return key.Append('}').ToString();
    }
}
