using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CostWatch.Worker.Tests.Hosting;
using CostWatch.Worker.Tests.Notifications;

namespace CostWatch.Worker.Tests.Api;

/// <summary><c>POST /api/v1/notifications/test</c> and <c>GET /api/v1/notifications</c> on a running worker.</summary>
public sealed class NotificationsApiTests
{
    [Fact]
    public async Task TestNotice_IsDeliveredAndAnswered_ThenListedAsDelivered()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var worker = await StartAsync(receiver.Url, receiver.Url);
        using var http = new HttpClient { BaseAddress = new Uri(worker.HttpUrl) };

        using var response = await http.PostAsync("/api/v1/notifications/test?receiver=ops-hook", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("ops-hook", "delivered", 1), (answer.GetProperty("receiver").GetString(), answer.GetProperty("status").GetString(),
            answer.GetProperty("attempts").GetInt32()));
        var request = Assert.Single(receiver.Requests);
        Assert.Equal(answer.GetProperty("deliveryId").GetString(), request.IdempotencyKey);
        Assert.Equal(("test", "CostWatchTestNotice"), (request.Json.GetProperty("reason").GetString(),
            request.Json.GetProperty("alerts")[0].GetProperty("rule").GetString()));

        var delivered = await http.GetFromJsonAsync<JsonElement>("/api/v1/notifications?status=delivered&receiver=ops-hook");
        var listed = Assert.Single(delivered.GetProperty("notifications").EnumerateArray().ToList());
        Assert.Equal((answer.GetProperty("deliveryId").GetString(), "delivered", "test", 1), (listed.GetProperty("deliveryId").GetString(),
            listed.GetProperty("status").GetString(), listed.GetProperty("reason").GetString(), listed.GetProperty("attempts").GetInt32()));
        Assert.Empty((await http.GetFromJsonAsync<JsonElement>("/api/v1/notifications?status=dead")).GetProperty("notifications").EnumerateArray());
    }

    [Fact]
    public async Task ATestNoticeToAReceiverThatIsDown_AnswersPendingWithTheError_AndStaysQueuedForRetries()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var down = $"http://127.0.0.1:{TestSupport.FreePort.Next()}/hook";
        await using var worker = await StartAsync(receiver.Url, down);
        using var http = new HttpClient { BaseAddress = new Uri(worker.HttpUrl) };

        var answer = await (await http.PostAsync("/api/v1/notifications/test?receiver=backup", null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("pending", answer.GetProperty("status").GetString());
        Assert.Contains("could not be reached", answer.GetProperty("error").GetString());
        Assert.NotEqual(JsonValueKind.Null, answer.GetProperty("nextAttemptAt").ValueKind);
        var pending = await http.GetFromJsonAsync<JsonElement>("/api/v1/notifications?status=pending");
        Assert.Equal("backup", pending.GetProperty("notifications")[0].GetProperty("receiver").GetString());
    }

    [Theory]
    [InlineData("POST", "/api/v1/notifications/test", "receiver")]
    [InlineData("POST", "/api/v1/notifications/test?receiver=nobody", "receiver")]
    [InlineData("POST", "/api/v1/notifications/test?receiver=ops-hook&x=1", "x")]
    [InlineData("GET", "/api/v1/notifications?status=sent", "status")]
    [InlineData("GET", "/api/v1/notifications?limit=0", "limit")]
    [InlineData("GET", "/api/v1/notifications?receiver=nobody", "receiver")]
    public async Task BadParameters_Are400_NamingTheParameter(string method, string path, string parameter)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var worker = await StartAsync(receiver.Url, receiver.Url);
        using var http = new HttpClient { BaseAddress = new Uri(worker.HttpUrl) };

        using var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(parameter, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("parameter").GetString());
        Assert.Empty(receiver.Requests);
    }

    private static Task<WorkerHost> StartAsync(string opsUrl, string backupUrl) => WorkerHost.StartAsync(settings: new Dictionary<string, string>
    {
        ["CostWatch:Notifications:Receivers:ops-hook:Type"] = "Webhook",
        ["CostWatch:Notifications:Receivers:ops-hook:Url"] = opsUrl,
        ["CostWatch:Notifications:Receivers:backup:Type"] = "Webhook",
        ["CostWatch:Notifications:Receivers:backup:Url"] = backupUrl,
    });
}
