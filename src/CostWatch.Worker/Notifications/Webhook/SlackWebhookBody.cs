using System.Globalization;
using System.Text;
using CostWatch.Core.Notifications;

namespace CostWatch.Worker.Notifications.Webhook;

/// <summary>
/// A Slack incoming-webhook message: <c>text</c> (the title, for notifications and clients without blocks) and
/// <c>blocks</c>: a header, the reason, then one section per alert, at most <see cref="MaxAlertBlocks"/> of them
/// (Slack takes 50 blocks), the rest counted in a closing line.
/// </summary>
internal static class SlackWebhookBody
{
    public const int MaxAlertBlocks = 20;

    /// <summary>Slack's limit on a header's text.</summary>
    private const int MaxHeader = 150;

    /// <summary>Slack's limit on a section's text.</summary>
    private const int MaxSection = 3000;

    public static byte[] Build(Notice notice, string receiver) => WebhookJson.Write(writer =>
    {
        var title = NoticeTitle.Of(notice);
        writer.WriteStartObject();
        writer.WriteString("text", title);
        writer.WriteStartArray("blocks");
        Block(writer, "header", "plain_text", Cut(title, MaxHeader));
        Block(writer, "section", "mrkdwn", $"*Reason:* {Escape(notice.Reason)} · *Receiver:* {Escape(receiver)}");
        foreach (var alert in notice.Alerts.Take(MaxAlertBlocks))
        {
            Block(writer, "section", "mrkdwn", Cut(AlertText(alert), MaxSection));
        }

        if (notice.Alerts.Count > MaxAlertBlocks)
        {
            Block(writer, "section", "mrkdwn", $"…and {notice.Alerts.Count - MaxAlertBlocks} more alerts");
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    private static string AlertText(NoticeAlert alert)
    {
        var text = new StringBuilder();
        text.Append(alert.Change switch
        {
            NoticeAlertChange.New => ":red_circle: *New*",
            NoticeAlertChange.StillFiring => ":large_orange_circle: *Still firing*",
            _ => ":large_green_circle: *Resolved*",
        });
        text.Append(" — *").Append(Escape(alert.Rule)).Append("* (").Append(Escape(alert.Severity)).Append(')');
        if (alert.Annotations.TryGetValue("summary", out var summary))
        {
            text.Append('\n').Append(Escape(summary));
        }

        var labels = alert.Labels.Where(p => p.Key is not ("alertname" or "severity")).OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{Escape(p.Key)}={Escape(p.Value)}").ToList();
        if (labels.Count > 0)
        {
            text.Append('\n').Append(string.Join(", ", labels));
        }

        if (alert.Value is { } value)
        {
            text.Append("\nvalue ").Append(value.ToString(CultureInfo.InvariantCulture));
            if (alert.Threshold is { } threshold)
            {
                text.Append(", threshold ").Append(threshold.ToString(CultureInfo.InvariantCulture));
            }
        }

        text.Append("\n<").Append(alert.GeneratorUrl).Append("|details>");
        return text.ToString();
    }

    private static void Block(System.Text.Json.Utf8JsonWriter writer, string type, string textType, string text)
    {
        writer.WriteStartObject();
        writer.WriteString("type", type);
        writer.WriteStartObject("text");
        writer.WriteString("type", textType);
        writer.WriteString("text", text);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Slack's mrkdwn reserves &amp;, &lt; and &gt;.</summary>
    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
