using System.Net;
using System.Text;
using System.Text.Json;
using CostWatch.Storage;
using CostWatch.Storage.Alerting;
using CostWatch.Worker.Alerting;
using CostWatch.Worker.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace CostWatch.Worker.Tests.Api;

/// <summary>
/// A worker on a fake clock with an HTTP client, for the silence, alert and rule endpoints. The alert engine runs
/// on a store that reads nothing and never commits a round, so the alert tables hold exactly the rows a test writes.
/// </summary>
internal sealed class AlertingApiWorker : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private AlertingApiWorker(WorkerHost host, FakeTimeProvider clock)
    {
        Host = host;
        Clock = clock;
        Http = new HttpClient { BaseAddress = new Uri(host.HttpUrl) };
    }

    public WorkerHost Host { get; }

    public FakeTimeProvider Clock { get; }

    public HttpClient Http { get; }

    public static async Task<AlertingApiWorker> StartAsync(StorageProvider provider,
        IDictionary<string, string>? settings = null)
    {
        var clock = new FakeTimeProvider(Now);
        var host = await WorkerHost.StartAsync(provider, settings: settings, configure: builder =>
        {
            builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
            builder.Services.Replace(ServiceDescriptor.Singleton(IdleAlertStore()));
            // No rules file in force (the shipped one is by default): only the built-in rule.
            builder.Services.Replace(ServiceDescriptor.Singleton<IAlertRulesSource>(new StaticAlertRulesSource(StaticAlertRulesSource.Empty)));
        });
        return new AlertingApiWorker(host, clock);
    }

    private static IAlertStore IdleAlertStore()
    {
        var store = Substitute.For<IAlertStore>();
        store.ReadRunIterationsAsync(default, default, default).ReturnsForAnyArgs([]);
        store.ReadRunDurationsAsync(default, default).ReturnsForAnyArgs([]);
        store.ReadToolCallsAsync(default, default).ReturnsForAnyArgs([]);
        store.ReadLlmCallsAsync(default, default).ReturnsForAnyArgs([]);
        store.ReadAgentsAsync(default).ReturnsForAnyArgs([]);
        store.ReadSpendAsync(default!, default, default, default).ReturnsForAnyArgs([]);
        store.RunAlertRoundAsync(default, default, default!, default).ReturnsForAnyArgs(false);
        return store;
    }

    /// <summary>Sends a request; the body is parsed when there is one (every answer with a body is JSON).</summary>
    public async Task<Answer> SendAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonElement? body = null;
        if (text.Length > 0)
        {
            Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString());
            body = JsonDocument.Parse(text).RootElement.Clone();
        }

        return new Answer(response.StatusCode, body, text, response.Headers.Location);
    }

    public Task<Answer> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<Answer> PostAsync(string path, string json) => SendAsync(HttpMethod.Post, path, json);

    public Task<Answer> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }

    public sealed record Answer(HttpStatusCode Status, JsonElement? Body, string Text, Uri? Location)
    {
        public JsonElement Json => Body ?? throw new InvalidOperationException($"The answer ({Status}) has no body.");
    }
}
