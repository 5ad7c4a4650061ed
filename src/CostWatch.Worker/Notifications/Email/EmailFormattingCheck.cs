using CostWatch.Core.Notifications;
using CostWatch.Worker.Hosting;

namespace CostWatch.Worker.Notifications.Email;

/// <summary>
/// Formats a sample notice at start-up, so a formatting that cannot cope with a notice fails the start rather than
/// the first real alert (which would still go out, with the fallback body).
/// </summary>
internal sealed class EmailFormattingCheck(IEmailContentRenderer renderer) : IStartupCheck
{
    public IReadOnlyList<string> StartupFailures
    {
        get
        {
            try
            {
                var content = renderer.Render(Sample, "sample-receiver");
                return string.IsNullOrWhiteSpace(content.Subject) || string.IsNullOrWhiteSpace(content.Text)
                    ? ["CostWatch:Notifications: formatting a sample e-mail notice gave an empty subject or body."]
                    : [];
            }
            catch (Exception e)
            {
                return [$"CostWatch:Notifications: formatting a sample e-mail notice failed: {e.GetType().Name}: {e.Message}"];
            }
        }
    }

    /// <summary>A notice with every kind of alert and every optional field both set and unset.</summary>
    internal static Notice Sample { get; } = CreateSample();

    private static Notice CreateSample()
    {
        var startsAt = new DateTime(2025, 1, 1, 12, 0, 0, DateTimeKind.Utc);
        var labels = new Dictionary<string, string> { ["alertname"] = "TraceLoss", ["severity"] = "critical", ["agent"] = "researcher" };
        var annotations = new Dictionary<string, string> { ["summary"] = "No traces from researcher", ["description"] = "Line one\nline two <b>" };
        NoticeAlert Alert(string fingerprint, string status, NoticeAlertChange change, decimal? value, DateTime? endsAt) =>
            new(fingerprint, status, "TraceLoss", "critical", labels, annotations, value, value is null ? null : 300m, startsAt, endsAt,
                "http://costwatch.example:4318/api/v1/alerts?fingerprint=" + fingerprint, change);
        return new Notice("sample-delivery", "sample-receiver", "{}:{agent=\"researcher\"}", "firing", "new alerts added",
            new Dictionary<string, string> { ["agent"] = "researcher" }, labels, annotations,
            [
                Alert("0000000000000001", "firing", NoticeAlertChange.New, 412.5m, null),
                Alert("0000000000000002", "firing", NoticeAlertChange.StillFiring, null, null),
                Alert("0000000000000003", "resolved", NoticeAlertChange.Resolved, 12m, startsAt.AddMinutes(5)),
            ],
            "http://costwatch.example:4318", startsAt, PreviousDeliveryId: null);
    }
}
