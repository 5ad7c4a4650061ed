using CostWatch.Core.Pricing;
using CostWatch.Core.Records;
using CostWatch.Core.Rollups;
using CostWatch.Worker.Observability;
using CostWatch.Worker.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static CostWatch.Worker.Tests.Observability.TestRecords;

namespace CostWatch.Worker.Tests.Observability;

/// <summary>
/// The record-derived series: a rollup window fed through the observer the worker registered, then scraped from
/// <c>GET /metrics</c> over a real socket.
/// </summary>
public sealed class RecordMetricsTests : IAsyncLifetime
{
    private WorkerHost _worker = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _worker = await WorkerHost.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_worker.HttpUrl) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _worker.DisposeAsync();
    }

    internal static IRollupObserver Observer(WorkerHost worker) =>
        worker.Services.GetServices<IRollupObserver>().OfType<MetricsRollupObserver>().Single();

    internal static void Feed(WorkerHost worker, IEnumerable<LlmCall> calls, IEnumerable<(AgentRun, int)>? runs = null,
        IEnumerable<ToolCall>? tools = null)
    {
        var window = Observer(worker).BeginWindow();
        foreach (var call in calls)
        {
            window.Add(call);
        }

        foreach (var (run, iterations) in runs ?? [])
        {
            window.Add(run, iterations);
        }

        foreach (var tool in tools ?? [])
        {
            window.Add(tool);
        }

        window.Complete();
    }

    [Fact]
    public async Task LlmCalls_GiveTokensCostCallsAndContextWindowUnderTheirAgentAndModel()
    {
        const string model = "gpt-4o-2024-08-06";
        Feed(_worker,
        [
            // OpenTelemetry convention: 10,000 input tokens of which 4,000 cached; 600 output of which 100 reasoning.
            Call("planner", "gpt-4o", model, input: 10_000, cacheRead: 4_000, output: 600, reasoning: 100,
                source: CostSource.Computed, cost: 0.0123456789m, seconds: 1.5),
            Call("planner", "gpt-4o", model, input: 1_000, output: 50, source: CostSource.Reported, cost: 0.2m,
                seconds: 3),
            // Anthropic's raw convention: input 200 excludes the 1,000 cache reads and 300 cache writes.
            Call("planner", "claude-sonnet-4-5", provider: "anthropic", input: 200, cacheRead: 1_000, cacheWrite: 300,
                output: 10, convention: TokenConvention.InputExcludesCache, source: CostSource.Computed, cost: 0.001m),
            Call(null, "mystery-model", provider: null, input: 5, output: 5, status: SpanStatus.Error,
                errorType: "timeout"),
        ]);

        var scrape = await ScrapedMetrics.ScrapeAsync(_http);

        double Tokens(string type) => scrape.Value("costwatch_tokens_total", ("agent", "planner"), ("model", model), ("type", type));
        Assert.Equal((7_000d, 4_000d, 0d, 550d, 100d),
            (Tokens("input"), Tokens("cache_read"), Tokens("cache_write"), Tokens("output"), Tokens("reasoning")));
        Assert.Equal(300, scrape.Value("costwatch_tokens_total", ("agent", "planner"), ("model", "claude-sonnet-4-5"), ("type", "cache_write")));
        Assert.Equal(200, scrape.Value("costwatch_tokens_total", ("agent", "planner"), ("model", "claude-sonnet-4-5"), ("type", "input")));

        // The cost is summed exactly and converted once: the double nearest the exact total.
        Assert.Equal((double)(0.0123456789m + 0.2m),
            scrape.Value("costwatch_cost_usd_total", ("agent", "planner"), ("model", model), ("provider", "openai")));
        Assert.Equal(1, scrape.Value("costwatch_llm_calls_total", ("agent", "planner"), ("model", model), ("pricing", "computed")));
        Assert.Equal(1, scrape.Value("costwatch_llm_calls_total", ("agent", "planner"), ("model", model), ("pricing", "reported")));

        // Unpriced: counted, never $0; no agent means __unattributed__; no provider means unknown.
        Assert.Equal(1, scrape.Value("costwatch_llm_calls_total",
            ("agent", AttributedCall.UnattributedAgent), ("model", "mystery-model"), ("pricing", "unpriced")));
        Assert.DoesNotContain(scrape.Named("costwatch_cost_usd_total"), s => s.Labels["model"] == "mystery-model");

        // Context window from the price catalog (gpt-4o: 128,000, claude-sonnet-4-5: 200,000); none for an unknown model.
        Assert.Equal(10_000 / 128_000d + 1_000 / 128_000d,
            scrape.Value("costwatch_context_window_utilization_ratio_sum", ("model", model)), 12);
        Assert.Equal(2, scrape.Value("costwatch_context_window_utilization_ratio_count", ("model", model)));
        Assert.Equal(1_500 / 200_000d,
            scrape.Value("costwatch_context_window_utilization_ratio_sum", ("model", "claude-sonnet-4-5")), 12);
        Assert.Null(scrape.Find("costwatch_context_window_utilization_ratio_count", ("model", "mystery-model")));
        Assert.Equal(2, scrape.Value("costwatch_context_window_utilization_ratio_bucket", ("model", model), ("le", "0.1")));
        Assert.Equal(1, scrape.Value("costwatch_context_window_utilization_ratio_bucket", ("model", model), ("le", "0.05")));
    }

    [Fact]
    public async Task LlmCalls_GiveTheSemanticConventionHistograms()
    {
        Feed(_worker,
        [
            Call("writer", "gpt-4o-mini", "gpt-4o-mini-2024-07-18", input: 10_000, cacheRead: 4_000, output: 600,
                reasoning: 100, seconds: 1.5),
            Call("writer", "gpt-4o-mini", input: 20, output: 0, seconds: 0.015, status: SpanStatus.Error),
            Call("writer", "gpt-4o-mini", input: 30, output: 3, seconds: 100, errorType: "rate_limited"),
        ]);

        var scrape = await ScrapedMetrics.ScrapeAsync(_http);

        (string, string)[] Labels(string tokenType) =>
        [
            ("gen_ai_token_type", tokenType), ("gen_ai_provider_name", "openai"),
            ("gen_ai_request_model", "gpt-4o-mini"), ("gen_ai_operation_name", "chat"),
        ];
        // Input counts cached tokens, output counts reasoning tokens; a zero output is not an observation.
        Assert.Equal(10_050, scrape.Value("gen_ai_client_token_usage_sum", Labels("input")));
        Assert.Equal(3, scrape.Value("gen_ai_client_token_usage_count", Labels("input")));
        Assert.Equal(603, scrape.Value("gen_ai_client_token_usage_sum", Labels("output")));
        Assert.Equal(2, scrape.Value("gen_ai_client_token_usage_count", Labels("output")));
        Assert.Equal(
            ["1", "4", "16", "64", "256", "1024", "4096", "16384", "65536", "262144", "1048576", "4194304", "16777216",
                "67108864", "+Inf"],
            Bounds(scrape, "gen_ai_client_token_usage_bucket", Labels("input")));

        (string, string)[] Duration(params (string, string)[] more) =>
        [
            ("gen_ai_provider_name", "openai"), ("gen_ai_request_model", "gpt-4o-mini"),
            ("gen_ai_operation_name", "chat"), .. more,
        ];
        // error_type only on failed calls; a failure without a type is _OTHER.
        Assert.Equal(1.5, scrape.Value("gen_ai_client_operation_duration_seconds_sum", Duration()));
        Assert.Equal(1, scrape.Value("gen_ai_client_operation_duration_seconds_count", Duration(("error_type", "_OTHER"))));
        Assert.Equal(1, scrape.Value("gen_ai_client_operation_duration_seconds_count", Duration(("error_type", "rate_limited"))));
        Assert.Equal(
            ["0.01", "0.02", "0.04", "0.08", "0.16", "0.32", "0.64", "1.28", "2.56", "5.12", "10.24", "20.48", "40.96",
                "81.92", "+Inf"],
            Bounds(scrape, "gen_ai_client_operation_duration_seconds_bucket", Duration()));
        Assert.Equal(0, scrape.Value("gen_ai_client_operation_duration_seconds_bucket", Duration(("error_type", "rate_limited"), ("le", "81.92"))));
        Assert.Equal(1, scrape.Value("gen_ai_client_operation_duration_seconds_bucket", Duration(("error_type", "_OTHER"), ("le", "0.02"))));
    }

    [Fact]
    public async Task RunsAndToolCalls_GiveRunsDurationsIterationsToolOutcomesAndLastSeen()
    {
        var run = Run("researcher", seconds: 12);
        var failed = Run("researcher", seconds: 400, status: SpanStatus.Error);
        Feed(_worker, [Call("researcher", "gpt-4o", seconds: 2)],
            [(run, 3), (failed, 40)],
            [Tool("researcher", "web_search", success: true), Tool("researcher", "web_search", success: false),
                Tool("researcher", "web_search", success: true)]);

        var scrape = await ScrapedMetrics.ScrapeAsync(_http);

        Assert.Equal(1, scrape.Value("costwatch_agent_runs_total", ("agent", "researcher"), ("status", "ok")));
        Assert.Equal(1, scrape.Value("costwatch_agent_runs_total", ("agent", "researcher"), ("status", "error")));
        Assert.Equal(412, scrape.Value("costwatch_agent_run_duration_seconds_sum", ("agent", "researcher")));
        Assert.Equal(1, scrape.Value("costwatch_agent_run_duration_seconds_bucket", ("agent", "researcher"), ("le", "20")));
        Assert.Equal(43, scrape.Value("costwatch_agent_run_iterations_sum", ("agent", "researcher")));
        Assert.Equal(1, scrape.Value("costwatch_agent_run_iterations_bucket", ("agent", "researcher"), ("le", "3")));
        Assert.Equal(1, scrape.Value("costwatch_agent_run_iterations_bucket", ("agent", "researcher"), ("le", "34")));
        Assert.Equal(2, scrape.Value("costwatch_agent_run_iterations_bucket", ("agent", "researcher"), ("le", "55")));
        Assert.Equal(2, scrape.Value("costwatch_tool_calls_total", ("agent", "researcher"), ("tool", "web_search"), ("outcome", "success")));
        Assert.Equal(1, scrape.Value("costwatch_tool_calls_total", ("agent", "researcher"), ("tool", "web_search"), ("outcome", "failure")));
        // The latest end of any of the agent's records: the failed run's.
        Assert.Equal((failed.EndTime - DateTime.UnixEpoch).TotalSeconds,
            scrape.Value("costwatch_agent_last_seen_timestamp_seconds", ("agent", "researcher")));
        Assert.Equal("gauge", scrape.Types["costwatch_agent_last_seen_timestamp_seconds"]);
    }

    [Fact]
    public async Task AbandonedWindow_RecordsNothing_AndTheRetryCountsEachRecordOnce()
    {
        var call = Call("retrier", "gpt-4o", input: 100, source: CostSource.Computed, cost: 0.5m);
        var failedPass = Observer(_worker).BeginWindow();
        failedPass.Add(call);
        failedPass.Add(Run("retrier", seconds: 1), 1);

        var before = await ScrapedMetrics.ScrapeAsync(_http);
        Feed(_worker, [call], [(Run("retrier", seconds: 1), 1)]);
        var after = await ScrapedMetrics.ScrapeAsync(_http);

        Assert.DoesNotContain(before.Samples, s => s.Labels.GetValueOrDefault("agent") == "retrier");
        Assert.Equal(1, after.Value("costwatch_llm_calls_total", ("agent", "retrier"), ("model", "gpt-4o"), ("pricing", "computed")));
        Assert.Equal(0.5, after.Value("costwatch_cost_usd_total", ("agent", "retrier"), ("model", "gpt-4o"), ("provider", "openai")));
        Assert.Equal(1, after.Value("costwatch_agent_runs_total", ("agent", "retrier"), ("status", "ok")));
    }

    [Fact]
    public void Window_CompletedTwice_Throws()
    {
        var window = Observer(_worker).BeginWindow();
        window.Complete();

        Assert.Throws<InvalidOperationException>(window.Complete);
        Assert.Throws<InvalidOperationException>(() => window.Add(Call("x", "gpt-4o")));
    }

    [Fact]
    public async Task AnotherWorkerInTheSameProcess_DoesNotShowThisWorkersMeasurements()
    {
        await using var other = await WorkerHost.StartAsync();
        using var otherHttp = new HttpClient { BaseAddress = new Uri(other.HttpUrl) };

        Feed(_worker, [Call("only-here", "gpt-4o", input: 1)]);
        var mine = await ScrapedMetrics.ScrapeAsync(_http);
        var theirs = await ScrapedMetrics.ScrapeAsync(otherHttp);

        Assert.Equal(1, mine.Value("costwatch_llm_calls_total", ("agent", "only-here"), ("model", "gpt-4o"), ("pricing", "unpriced")));
        Assert.DoesNotContain(theirs.Samples, s => s.Labels.GetValueOrDefault("agent") == "only-here");
    }

    private static string[] Bounds(ScrapedMetrics scrape, string bucketName, (string, string)[] labels) =>
    [
        .. scrape.Named(bucketName)
            .Where(s => s.Labels.Count == labels.Length + 1
                && labels.All(l => s.Labels.GetValueOrDefault(l.Item1) == l.Item2))
            .Select(s => s.Labels["le"]),
    ];
}
