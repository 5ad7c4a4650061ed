using CostWatch.Core.Notifications;
using CostWatch.Worker.Notifications.Email;
using static CostWatch.Worker.Tests.Notifications.Email.EmailNotices;

namespace CostWatch.Worker.Tests.Notifications.Email;

/// <summary>What an e-mail notice says: subject, sections, values, and HTML that label values cannot break.</summary>
public sealed class EmailContentTests
{
    private static readonly NoticeEmailRenderer Renderer = new();

    [Fact]
    public void Subject_CountsFiringAlerts_NamesTheRuleAndTheGroupLabels()
    {
        var notice = Notice(
        [
            Alert("researcher", NoticeAlertChange.New), Alert("writer", NoticeAlertChange.StillFiring),
            Alert("planner", NoticeAlertChange.Resolved),
        ], reason: "some alerts resolved");

        Assert.Equal("[FIRING:2] TraceLoss (agent=researcher)", EmailSubject.For(notice));
    }

    [Fact]
    public void Subject_WithoutGroupLabelsOrACommonRule_ListsTheRules()
    {
        var notice = Notice([Alert("a", NoticeAlertChange.New, rule: "TraceLoss"), Alert("b", NoticeAlertChange.New, rule: "BudgetBurn")],
            groupLabels: new Dictionary<string, string>()) with
        { CommonLabels = new Dictionary<string, string>() };

        Assert.Equal("[FIRING:2] BudgetBurn, TraceLoss", EmailSubject.For(notice));
    }

    [Fact]
    public void Subject_LabelValueWithLineBreaks_StaysOneLine()
    {
        var notice = Notice([Alert("x", NoticeAlertChange.New)],
            groupLabels: new Dictionary<string, string> { ["agent"] = "evil\r\nBcc: victim@example.com" });

        Assert.Equal("[FIRING:1] TraceLoss (agent=evil Bcc: victim@example.com)", EmailSubject.For(notice));
    }

    [Fact]
    public void TextBody_ListsNewStillFiringAndResolvedApart_SummaryFirst_WithValuesTimesAndLinks()
    {
        var notice = Notice(
        [
            Alert("writer", NoticeAlertChange.StillFiring, value: 0.1000m, threshold: null),
            Alert("researcher", NoticeAlertChange.New),
            Alert("planner", NoticeAlertChange.Resolved),
        ], reason: "new alerts added");

        var text = Renderer.Render(notice, "oncall-email").Text;

        var sections = new[] { "New (1)", "Still firing (1)", "Resolved (1)" }.Select(title => text.IndexOf(title, StringComparison.Ordinal)).ToList();
        Assert.All(sections, index => Assert.True(index >= 0, text));
        Assert.Equal(sections.Order(), sections);
        Assert.Contains("""
            * TraceLoss [critical] agent=researcher
              Summary: No traces from researcher
              Description: Last trace from researcher at 09:23.
              Value: 412.5
              Threshold: 300
              Started: 2025-03-01 09:30:00 UTC
              Source: http://costwatch.example:4318/api/v1/alerts?fingerprint=fp-researcher
            """.ReplaceLineEndings("\n"), text, StringComparison.Ordinal);
        Assert.Contains("  Value: 0.1\n  Started:", text, StringComparison.Ordinal);
        Assert.Contains("  Ended: 2025-03-01 09:50:00 UTC\n", text, StringComparison.Ordinal);
        Assert.Contains("Reason: new alerts added\n", text, StringComparison.Ordinal);
        Assert.Contains("Receiver: oncall-email, delivery id: d-0001\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void HtmlBody_EncodesEverythingFromLabelsAndAnnotations_AndLinksOnlyWebUrls()
    {
        var alert = Alert("<script>alert(1)</script>", NoticeAlertChange.New, annotations: new Dictionary<string, string>
        {
            ["summary"] = "Tom & Jerry's \"agent\" <img src=x onerror=alert(1)>",
            ["runbook"] = "line one\nline two",
        }) with
        { GeneratorUrl = "javascript:alert(1)" };
        var notice = Notice([alert], reason: "first <b>notification</b>",
            groupLabels: new Dictionary<string, string> { ["agent"] = "<script>alert(1)</script>" });

        var html = Renderer.Render(notice, "on<call>").Html!;

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"javascript:", html, StringComparison.Ordinal);
        Assert.Contains("agent=&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("Tom &amp; Jerry&#39;s &quot;agent&quot; &lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
        Assert.Contains("line one<br>line two", html, StringComparison.Ordinal);
        Assert.Contains("<td style=\"padding:2px 0\">javascript:alert(1)</td>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"http://costwatch.example:4318\">", html, StringComparison.Ordinal);
        Assert.Contains("Receiver: on&lt;call&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Fallback_NamesTheErrorAndListsEveryAlertRaw()
    {
        var notice = Notice([Alert("researcher", NoticeAlertChange.New), Alert("planner", NoticeAlertChange.Resolved)]);

        var content = EmailFallbackContent.For(notice, "oncall-email", new InvalidOperationException("boom"));

        Assert.Null(content.Html);
        Assert.Equal("[FIRING:1] CostWatch notice (formatting failed)", content.Subject);
        Assert.StartsWith("CostWatch could not format this notification: InvalidOperationException: boom\n", content.Text, StringComparison.Ordinal);
        Assert.Contains("- New firing TraceLoss fingerprint fp-researcher\n", content.Text, StringComparison.Ordinal);
        Assert.Contains("- Resolved resolved TraceLoss fingerprint fp-planner\n", content.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void StartupCheck_TheBuiltInFormattingFormatsTheSample()
    {
        Assert.Empty(new EmailFormattingCheck(Renderer).StartupFailures);
    }

    [Fact]
    public void Threading_IdsAreStableAndValid_WhateverTheDeliveryId()
    {
        Assert.Equal("01JNQ7Y4ZK@costwatch", EmailThreading.MessageId("01JNQ7Y4ZK"));
        var odd = EmailThreading.MessageId("id with spaces <and> @signs");
        Assert.Equal(odd, EmailThreading.MessageId("id with spaces <and> @signs"));
        Assert.Matches("^h-[0-9a-f]{32}@costwatch$", odd);
        Assert.Equal(EmailThreading.ThreadRoot("r", "g"), EmailThreading.ThreadRoot("r", "g"));
        Assert.NotEqual(EmailThreading.ThreadRoot("r", "g"), EmailThreading.ThreadRoot("other", "g"));
        Assert.Matches("^group-[0-9a-f]{32}@costwatch$", EmailThreading.ThreadRoot("r", "g"));
    }
}
