using System.Net;
using System.Text;
using CostWatch.Core.Notifications;

namespace CostWatch.Worker.Notifications.Email;

/// <summary>
/// The HTML body: the same content as the text body. Every value that comes from labels, annotations or the
/// configuration is HTML-encoded; a link is a link only when it is http or https.
/// </summary>
internal static class EmailHtmlBody
{
    private const string FiringColour = "#c62828";
    private const string ResolvedColour = "#2e7d32";

    public static string Write(Notice notice, string receiverName, string subject)
    {
        var html = new StringBuilder();
        var headingColour = NoticeFormatting.IsResolved(notice) ? ResolvedColour : FiringColour;
        html.Append("<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\"><title>").Append(Encode(subject)).Append("</title></head>\n");
        html.Append("<body style=\"font-family:sans-serif;font-size:14px;color:#212121\">\n");
        html.Append("<h2 style=\"color:").Append(headingColour).Append("\">").Append(Encode(subject)).Append("</h2>\n");
        html.Append("<p>Reason: ").Append(Encode(notice.Reason)).Append("</p>\n");
        foreach (var (title, alerts) in NoticeFormatting.Sections(notice))
        {
            html.Append("<h3>").Append(Encode(title)).Append(" (").Append(alerts.Count).Append(")</h3>\n");
            foreach (var alert in alerts)
            {
                WriteAlert(html, alert);
            }
        }

        html.Append("<hr>\n<p style=\"color:#616161;font-size:12px\">");
        var groupLabels = NoticeFormatting.GroupLabelPairs(notice);
        if (groupLabels.Count > 0)
        {
            html.Append("Group: ").Append(Encode(string.Join(", ", groupLabels))).Append("<br>\n");
        }

        if (notice.ExternalUrl.Length > 0)
        {
            html.Append("CostWatch: ").Append(Link(notice.ExternalUrl)).Append("<br>\n");
        }

        html.Append("Receiver: ").Append(Encode(receiverName)).Append(", delivery id: ").Append(Encode(notice.DeliveryId));
        html.Append("</p>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void WriteAlert(StringBuilder html, NoticeAlert alert)
    {
        var colour = NoticeFormatting.IsFiring(alert) ? FiringColour : ResolvedColour;
        html.Append("<div style=\"border-left:4px solid ").Append(colour).Append(";padding:4px 12px;margin:8px 0\">\n");
        html.Append("<p style=\"margin:4px 0\"><strong>").Append(Encode(alert.Rule)).Append("</strong>");
        if (alert.Severity.Length > 0)
        {
            html.Append(" [").Append(Encode(alert.Severity)).Append(']');
        }

        var labels = NoticeFormatting.AlertLabelPairs(alert);
        if (labels.Count > 0)
        {
            html.Append(' ').Append(Encode(string.Join(", ", labels)));
        }

        html.Append("</p>\n<table style=\"border-collapse:collapse\">\n");
        foreach (var (name, value) in NoticeFormatting.OrderedAnnotations(alert.Annotations))
        {
            Row(html, NoticeFormatting.Capitalized(name), EncodeLines(value));
        }

        if (alert.Value is { } observed)
        {
            Row(html, "Value", Encode(NoticeFormatting.Number(observed)));
        }

        if (alert.Threshold is { } threshold)
        {
            Row(html, "Threshold", Encode(NoticeFormatting.Number(threshold)));
        }

        Row(html, "Started", Encode(NoticeFormatting.Time(alert.StartsAt)));
        if (alert.EndsAt is { } endsAt)
        {
            Row(html, "Ended", Encode(NoticeFormatting.Time(endsAt)));
        }

        if (alert.GeneratorUrl.Length > 0)
        {
            Row(html, "Source", Link(alert.GeneratorUrl));
        }

        html.Append("</table>\n</div>\n");
    }

    /// <summary>A table row; <paramref name="encodedValue"/> must already be HTML.</summary>
    private static void Row(StringBuilder html, string name, string encodedValue) =>
        html.Append("<tr><td style=\"padding:2px 12px 2px 0;color:#616161;vertical-align:top\">").Append(Encode(name))
            .Append("</td><td style=\"padding:2px 0\">").Append(encodedValue).Append("</td></tr>\n");

    private static string Link(string url) =>
        NoticeFormatting.IsWebLink(url) ? $"<a href=\"{Encode(url)}\">{Encode(url)}</a>" : Encode(url);

    private static string EncodeLines(string text) =>
        string.Join("<br>", text.ReplaceLineEndings("\n").Split('\n').Select(Encode));

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
