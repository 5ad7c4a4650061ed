using System.Text;
using CostWatch.Core.Notifications;

namespace CostWatch.Worker.Notifications.Email;

/// <summary>The plain text body: the alerts by section (new, still firing, resolved), each with what it measured.</summary>
internal static class EmailTextBody
{
    public static string Write(Notice notice, string receiverName, string subject)
    {
        var text = new StringBuilder();
        text.Append(subject).Append('\n');
        text.Append("Reason: ").Append(NoticeFormatting.OneLine(notice.Reason, 200)).Append('\n');
        foreach (var (title, alerts) in NoticeFormatting.Sections(notice))
        {
            var heading = $"{title} ({alerts.Count})";
            text.Append('\n').Append(heading).Append('\n').Append('-', heading.Length).Append('\n');
            foreach (var alert in alerts)
            {
                WriteAlert(text, alert);
            }
        }

        text.Append("\n--\n");
        var groupLabels = NoticeFormatting.GroupLabelPairs(notice);
        if (groupLabels.Count > 0)
        {
            text.Append("Group: ").Append(string.Join(", ", groupLabels)).Append('\n');
        }

        if (notice.ExternalUrl.Length > 0)
        {
            text.Append("CostWatch: ").Append(notice.ExternalUrl).Append('\n');
        }

        text.Append("Receiver: ").Append(receiverName).Append(", delivery id: ").Append(notice.DeliveryId).Append('\n');
        return text.ToString();
    }

    private static void WriteAlert(StringBuilder text, NoticeAlert alert)
    {
        text.Append("* ").Append(alert.Rule);
        if (alert.Severity.Length > 0)
        {
            text.Append(" [").Append(alert.Severity).Append(']');
        }

        var labels = NoticeFormatting.AlertLabelPairs(alert);
        if (labels.Count > 0)
        {
            text.Append(' ').Append(string.Join(", ", labels));
        }

        text.Append('\n');
        foreach (var (name, value) in NoticeFormatting.OrderedAnnotations(alert.Annotations))
        {
            Field(text, NoticeFormatting.Capitalized(name), value);
        }

        if (alert.Value is { } observed)
        {
            Field(text, "Value", NoticeFormatting.Number(observed));
        }

        if (alert.Threshold is { } threshold)
        {
            Field(text, "Threshold", NoticeFormatting.Number(threshold));
        }

        Field(text, "Started", NoticeFormatting.Time(alert.StartsAt));
        if (alert.EndsAt is { } endsAt)
        {
            Field(text, "Ended", NoticeFormatting.Time(endsAt));
        }

        if (alert.GeneratorUrl.Length > 0)
        {
            Field(text, "Source", alert.GeneratorUrl);
        }
    }

    /// <summary>One indented "Name: value" line; further lines of a multi-line value are indented under it.</summary>
    private static void Field(StringBuilder text, string name, string value)
    {
        text.Append("  ").Append(name).Append(": ");
        var lines = value.ReplaceLineEndings("\n").Split('\n');
        text.Append(lines[0]).Append('\n');
        foreach (var line in lines.Skip(1))
        {
            text.Append("    ").Append(line).Append('\n');
        }
    }
}
