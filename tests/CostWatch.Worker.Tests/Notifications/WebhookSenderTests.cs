using CostWatch.Core.Notifications;
using CostWatch.Worker.Notifications;
using CostWatch.Worker.Notifications.Webhook;
using CostWatch.Worker.Tests.Hosting;
using Microsoft.Extensions.Logging;

namespace CostWatch.Worker.Tests.Notifications;

/// <summary>The webhook sender alone, against a Kestrel receiver: the fallback body, and what a log line may show.</summary>
public sealed class WebhookSenderTests
{
    [Fact]
    public async Task ABodyThatCannotBeBuilt_IsSentAsAPlainFallbackCarryingTheError_NeverDropped()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var logger = new RecordingLogger<WebhookSender>();
        // No body of CostWatch's own is known to fail; a failure is made here, as a bug or a bad template would make one.
        using var sender = new WebhookSender(TimeProvider.System, logger)
        {
            BuildBody = (_, _, _) => throw new InvalidOperationException("template {{ .Oops }} failed"),
        };
        var notice = NoticeFactory.Test("0b9c6f2e-4d1a-4c59-9d6e-2f8a1b3c4d5e", "hook", "http://costwatch.example", DateTime.UtcNow);

        var outcome = await sender.SendAsync(notice, "hook", new ReceiverOptions { Type = "Webhook", Url = receiver.Url, Secret = "k" }, default);

        Assert.IsType<DeliveryOutcome.Delivered>(outcome);
        var body = Assert.Single(receiver.Requests).Json;
        Assert.True(body.GetProperty("fallback").GetBoolean());
        Assert.Equal("the CostWatch body could not be built: template {{ .Oops }} failed", body.GetProperty("error").GetString());
        Assert.Equal(("0b9c6f2e-4d1a-4c59-9d6e-2f8a1b3c4d5e", "test", "CostWatchTestNotice"),
            (body.GetProperty("deliveryId").GetString(), body.GetProperty("reason").GetString(), body.GetProperty("alerts")[0].GetProperty("rule").GetString()));
        Assert.True(WebhookVerifier.Verify(receiver.Requests[0], "k", DateTimeOffset.UtcNow));
        Assert.Contains(logger.Entries, e => e.Event.Id == 9009 && e.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task ErrorsNameTheReceiverUrl_WithoutItsQueryStringOrUserInfo()
    {
        var port = TestSupport.FreePort.Next();
        using var sender = new WebhookSender(TimeProvider.System, new RecordingLogger<WebhookSender>());
        var notice = NoticeFactory.Test("id", "hook", "http://costwatch.example", DateTime.UtcNow);

        var outcome = await sender.SendAsync(notice, "hook",
            new ReceiverOptions { Type = "Webhook", Url = $"http://user:pass@127.0.0.1:{port}/path?token=query-secret" }, default);

        var retry = Assert.IsType<DeliveryOutcome.Retry>(outcome);
        Assert.StartsWith($"http://127.0.0.1:{port}/path could not be reached", retry.Error);
        Assert.DoesNotContain("query-secret", retry.Error);
        Assert.DoesNotContain("pass", retry.Error);
    }
}
