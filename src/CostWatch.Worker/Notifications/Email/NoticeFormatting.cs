using System.Globalization;
using System.Text;
using CostWatch.Core.Alerting;
using CostWatch.Core.Notifications;

namespace CostWatch.Worker.Notifications.Email;

/// <summary>What the subject, the text body and the HTML body share: which alerts go where and how values read.</summary>
internal static class NoticeFormatting
{
    /// <summary>The group label a <c>GroupBy</c> of "rule" may produce, besides <c>alertname</c>.</summary>
    private const string RuleLabel = "rule";

    private const string Summary = "summary";
    private const string Description = "description";

    public static bool IsResolved(Notice notice) => string.Equals(notice.Status, "resolved", StringComparison.OrdinalIgnoreCase);

    public static bool IsFiring(NoticeAlert alert) => string.Equals(alert.Status, "firing", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The rule the group is about: <c>alertname</c> of the common or group labels, else the alerts' rules (all of
    /// them, sorted, when the group mixes rules).
    /// </summary>
    public static string RuleName(Notice notice)
    {
        if (notice.CommonLabels.TryGetValue(AlertLabels.AlertName, out var rule) && rule.Length > 0
            || notice.GroupLabels.TryGetValue(AlertLabels.AlertName, out rule) && rule.Length > 0
            || notice.GroupLabels.TryGetValue(RuleLabel, out rule) && rule.Length > 0)
        {
            return rule;
        }

        var rules = notice.Alerts.Select(alert => alert.Rule).Where(name => name.Length > 0)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return rules.Count == 0 ? "CostWatch alert" : string.Join(", ", rules);
    }

    /// <summary>The group labels other than the rule, "name=value" in name order: what tells this group from others.</summary>
    public static IReadOnlyList<string> GroupLabelPairs(Notice notice) =>
        notice.GroupLabels.Where(label => label.Key is not (AlertLabels.AlertName or RuleLabel))
            .OrderBy(label => label.Key, StringComparer.Ordinal)
            .Select(label => $"{label.Key}={label.Value}")
            .ToList();

    /// <summary>The alerts by what happened to them, in the order a reader wants them; empty sections left out.</summary>
    public static IEnumerable<(string Title, IReadOnlyList<NoticeAlert> Alerts)> Sections(Notice notice)
    {
        foreach (var (change, title) in new[]
                 {
                     (NoticeAlertChange.New, "New"),
                     (NoticeAlertChange.StillFiring, "Still firing"),
                     (NoticeAlertChange.Resolved, "Resolved"),
                 })
        {
            var alerts = notice.Alerts.Where(alert => alert.Change == change).ToList();
            if (alerts.Count > 0)
            {
                yield return (title, alerts);
            }
        }
    }

    /// <summary>An alert's labels other than the rule and severity (shown on their own), "name=value" in name order.</summary>
    public static IReadOnlyList<string> AlertLabelPairs(NoticeAlert alert) =>
        alert.Labels.Where(label => label.Key is not (AlertLabels.AlertName or AlertLabels.Severity))
            .OrderBy(label => label.Key, StringComparer.Ordinal)
            .Select(label => $"{label.Key}={label.Value}")
            .ToList();

    /// <summary>Annotations with the summary first, then the description, then the rest by name.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> OrderedAnnotations(IReadOnlyDictionary<string, string> annotations) =>
        annotations.OrderBy(annotation => annotation.Key switch
            {
                Summary => 0,
                Description => 1,
                _ => 2,
            })
            .ThenBy(annotation => annotation.Key, StringComparer.Ordinal)
            .ToList();

    /// <summary>"summary" as "Summary": annotation names read as field names.</summary>
    public static string Capitalized(string name) =>
        name.Length == 0 ? name : string.Concat(char.ToUpperInvariant(name[0]).ToString(), name.AsSpan(1));

    public static string Number(decimal value) => value.ToString("0.##########", CultureInfo.InvariantCulture);

    /// <summary>A time in UTC; a time of unspecified kind is taken to be UTC already, as the store keeps it.</summary>
    public static string Time(DateTime time)
    {
        var utc = time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time.ToUniversalTime();
        return utc.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
    }

    /// <summary>Whether a link may be shown as a link: an absolute http or https URL, never javascript: or data:.</summary>
    public static bool IsWebLink(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>
    /// <paramref name="text"/> on one line (control characters, line breaks included, become spaces) and at most
    /// <paramref name="maxLength"/> characters: label values must not break a header.
    /// </summary>
    public static string OneLine(string text, int maxLength)
    {
        var line = new StringBuilder(Math.Min(text.Length, maxLength));
        var lastWasSpace = false;
        foreach (var c in text)
        {
            var space = char.IsControl(c) || char.IsWhiteSpace(c);
            if (space && lastWasSpace)
            {
                continue;
            }

            line.Append(space ? ' ' : c);
            lastWasSpace = space;
        }

        var result = line.ToString().Trim();
        return result.Length <= maxLength ? result : string.Concat(result.AsSpan(0, maxLength - 1), "…");
    }
}
