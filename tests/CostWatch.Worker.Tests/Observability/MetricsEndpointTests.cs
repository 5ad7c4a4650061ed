using System.Net.Http.Headers;
using CostWatch.Core.Pricing;
using CostWatch.Core.Records;
using CostWatch.TestSupport;
using CostWatch.Worker.Tests.Hosting;
using Google.Protobuf;
using OpenTelemetry.Exporter;
using static CostWatch.Worker.Tests.Ingest.Otlp.OtlpTestData;
using static CostWatch.Worker.Tests.Observability.TestRecords;

namespace CostWatch.Worker.Tests.Observability;

/// <summary>
/// <c>GET /metrics</c> as a whole: ingest traffic from the OpenTelemetry SDK and raw OTLP posts plus a fed rollup
/// window, then every listed series, no forbidden label, no series twice, and promtool's verdict.
/// </summary>
public sealed class MetricsEndpointTests : IAsyncLifetime
{
    private const string Session = "session-7f3a9c";
    private const string User = "user-4411";

    /// <summary>Every metric family issue 3 lists, as Prometheus names it.</summary>
    private static readonly string[] ListedFamilies =
    [
        "gen_ai_client_token_usage", "gen_ai_client_operation_duration_seconds", "costwatch_cost_usd_total",
        "costwatch_tokens_total", "costwatch_llm_calls_total", "costwatch_agent_runs_total",
        "costwatch_agent_run_duration_seconds", "costwatch_agent_run_iterations", "costwatch_tool_calls_total",
        "costwatch_context_window_utilization_ratio", "costwatch_agent_last_seen_timestamp_seconds",
        "costwatch_ingest_spans_total", "costwatch_ingest_export_duration_seconds", "costwatch_ingest_queue_depth",
        "costwatch_store_errors_total", "costwatch_ingest_exports_refused_total",
    ];

    private WorkerHost _worker = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _worker = await WorkerHost.StartAsync(settings: new Dictionary<string, string>
        {
            ["CostWatch:Rollups:Interval"] = "00:00:01",
        });
        _http = new HttpClient { BaseAddress = new Uri(_worker.HttpUrl) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _worker.DisposeAsync();
    }

    [Fact]
    public async Task IngestTraffic_IsCountedInTheSelfMetrics()
    {
        var export = Request(null,
            NewSpan(1, "chat", Attr("gen_ai.operation.name", "chat"), Attr("gen_ai.usage.input_tokens", 10L)),
            NewSpan(2, "execute_tool", Attr("gen_ai.operation.name", "execute_tool"), Attr("gen_ai.tool.name", "t")),
            NewSpan(3, "step")).ToByteArray();
        var invalid = NewSpan(4, "chat", Attr("gen_ai.operation.name", "chat"));
        invalid.EndTimeUnixNano = invalid.StartTimeUnixNano - 1;

        (await _http.PostTracesAsync(export)).EnsureSuccessStatusCode();
        (await _http.PostTracesAsync(export)).EnsureSuccessStatusCode();
        (await _http.PostTracesAsync(Request(null, invalid, NewSpan(5, "step")).ToByteArray())).EnsureSuccessStatusCode();
        using var badBody = await _http.PostTracesAsync([0xFF, 0xFF, 0xFF]);
        var scrape = await ScrapedMetrics.ScrapeAsync(_http);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, badBody.StatusCode);
        Assert.Equal(4, scrape.Value("costwatch_ingest_spans_total", ("outcome", "accepted")));
        Assert.Equal(3, scrape.Value("costwatch_ingest_spans_total", ("outcome", "duplicate")));
        Assert.Equal(1, scrape.Value("costwatch_ingest_spans_total", ("outcome", "rejected")));
        Assert.Equal(1, scrape.Value("costwatch_ingest_exports_refused_total", ("reason", "bad_request")));
        Assert.Equal(0, scrape.Value("costwatch_ingest_exports_refused_total", ("reason", "unavailable")));
        Assert.Equal(4, scrape.Value("costwatch_ingest_export_duration_seconds_count", ("transport", "http")));
        Assert.Equal(0, scrape.Value("costwatch_ingest_queue_depth"));
        // Started at 0 so that rate() sees the first error.
        Assert.Equal(0, scrape.Value("costwatch_store_errors_total", ("operation", "write")));
        Assert.Equal("counter", scrape.Types["costwatch_store_errors_total"]);
        Assert.Equal("histogram", scrape.Types["costwatch_ingest_export_duration_seconds"]);
        Assert.Equal("gauge", scrape.Types["costwatch_ingest_queue_depth"]);
    }

    [Fact]
    public async Task Scrape_HasEveryListedSeries_NoIdLabels_AndNoSeriesTwice()
    {
        var scrape = await ScrapeAfterTrafficAsync();

        Assert.All(ListedFamilies, family => Assert.True(scrape.Types.ContainsKey(family), $"{family} is missing:\n{scrape.Text}"));
        Assert.All(scrape.Samples, sample => Assert.DoesNotMatch(
            "session|conversation|user|trace|span", string.Join(",", sample.Labels.Keys)));
        Assert.All(scrape.Samples, sample => Assert.DoesNotContain(sample.Labels.Values,
            value => value is Session or User));
        var twice = scrape.Samples.GroupBy(s => s.SeriesKey).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(twice);
        // No labels beyond the listed ones: no otel_scope_*, no target_info, no overflow series.
        Assert.DoesNotContain(scrape.Samples, s => s.Name == "target_info" || s.Labels.Keys.Any(k => k.StartsWith("otel_", StringComparison.Ordinal)));
        Assert.Equal(["agent", "model", "provider"],
            scrape.Named("costwatch_cost_usd_total").SelectMany(s => s.Labels.Keys).Distinct().Order());
        Assert.Equal(["agent", "model", "type"],
            scrape.Named("costwatch_tokens_total").SelectMany(s => s.Labels.Keys).Distinct().Order());
        Assert.Equal(["gen_ai_operation_name", "gen_ai_provider_name", "gen_ai_request_model", "gen_ai_token_type", "le"],
            scrape.Named("gen_ai_client_token_usage_bucket").SelectMany(s => s.Labels.Keys).Distinct().Order());
    }

    [PromtoolFact]
    public async Task Scrape_PassesPromtoolCheckMetrics()
    {
        var scrape = await ScrapeAfterTrafficAsync();

        var (exitCode, output) = await Promtool.CheckMetricsAsync(scrape.Text);

        Assert.True(exitCode == 0 && output == "", $"promtool check metrics exited {exitCode}:\n{output}");
    }

    [Fact]
    public async Task OpenMetrics_IsServedWhenTheScraperAsksForIt()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("application/openmetrics-text;version=1.0.0"));

        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal("application/openmetrics-text", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith("# EOF\n", body);
        Assert.Contains("costwatch_store_errors_total{operation=\"write\"} 0", body);
    }

    /// <summary>
    /// A multi-agent workload through the real SDK (with session and user ids on its spans), a duplicate and an
    /// invalid span, and a rollup window fed directly with every kind of record.
    /// </summary>
    private async Task<ScrapedMetrics> ScrapeAfterTrafficAsync()
    {
        using (var traces = new AgentTraces(_worker.HttpUrl, OtlpExportProtocol.HttpProtobuf))
        {
            traces.Run("researcher", Session, llmCalls: 2, toolCalls: 1);
            traces.Run("coder", Session, llmCalls: 1, toolCalls: 2, failTools: true);
            Assert.True(traces.Flush());
        }

        var export = Request(null, NewSpan(9, "chat", Attr("gen_ai.operation.name", "chat"))).ToByteArray();
        (await _http.PostTracesAsync(export)).EnsureSuccessStatusCode();
        (await _http.PostTracesAsync(export)).EnsureSuccessStatusCode();
        RecordMetricsTests.Feed(_worker,
        [
            Call("planner", "gpt-4o", "gpt-4o-2024-08-06", input: 5_000, cacheRead: 1_000, output: 300, reasoning: 20,
                source: CostSource.Computed, cost: 0.01m, session: Session, user: User),
            Call("planner", "claude-sonnet-4-5", provider: "anthropic", input: 10, cacheWrite: 20, output: 5,
                convention: TokenConvention.InputExcludesCache, source: CostSource.Reported, cost: 0.002m,
                status: SpanStatus.Error, errorType: "overloaded", session: Session, user: User),
            Call(null, "unknown-model", input: 1, output: 1),
        ],
        [(Run("planner", 30, session: Session, user: User), 4)],
        [Tool("planner", "search", true), Tool("planner", "search", false)]);

        // The rollup job rolls the SDK's records up as well; wait until they are in the metrics too, so the
        // scrape holds both sources at once.
        return await Eventually.GetAsync(() => ScrapedMetrics.ScrapeAsync(_http),
            scrape => scrape.Find("costwatch_agent_runs_total", ("agent", "coder"), ("status", "ok")) is not null,
            "the SDK's agent runs in the metrics");
    }
}
