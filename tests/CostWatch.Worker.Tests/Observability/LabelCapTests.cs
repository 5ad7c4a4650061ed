using CostWatch.Worker.Observability;
using CostWatch.Worker.Tests.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static CostWatch.Worker.Tests.Observability.TestRecords;

namespace CostWatch.Worker.Tests.Observability;

/// <summary><c>CostWatch:Metrics:MaxLabelValues</c>: values past the cap are folded into <c>__other__</c>.</summary>
public sealed class LabelCapTests
{
    [Fact]
    public async Task ValuesBeyondTheCap_AreExportedAsOther_PerLabelName()
    {
        await using var worker = await WorkerHost.StartAsync(settings: new Dictionary<string, string>
        {
            ["CostWatch:Metrics:MaxLabelValues"] = "2",
        });
        using var http = new HttpClient { BaseAddress = new Uri(worker.HttpUrl) };

        RecordMetricsTests.Feed(worker,
        [
            Call("a1", "m1", input: 1), Call("a2", "m1", input: 1), Call("a3", "m1", input: 1),
            Call("a4", "m2", input: 1), Call("a1", "m3", input: 1),
        ], tools: [Tool("a1", "t1", true), Tool("a1", "t2", true), Tool("a1", "t3", true)]);
        var scrape = await ScrapedMetrics.ScrapeAsync(http);

        double Calls(string agent, string model) =>
            scrape.Value("costwatch_llm_calls_total", ("agent", agent), ("model", model), ("pricing", "unpriced"));
        // agent: a1 and a2 kept, a3 and a4 folded; model (its own cap): m1 and m2 kept, m3 folded.
        Assert.Equal((1d, 1d, 1d, 1d, 1d), (Calls("a1", "m1"), Calls("a2", "m1"), Calls("__other__", "m1"),
            Calls("__other__", "m2"), Calls("a1", "__other__")));
        Assert.Equal(
            ["__other__", "a1", "a2"],
            scrape.Samples.Where(s => s.Labels.ContainsKey("agent")).Select(s => s.Labels["agent"]).Distinct().Order());
        Assert.Equal(1, scrape.Value("costwatch_tool_calls_total", ("agent", "a1"), ("tool", "__other__"), ("outcome", "success")));
        // The semantic-convention labels are capped by their own names.
        Assert.Equal(1, scrape.Value("gen_ai_client_token_usage_count", ("gen_ai_token_type", "input"),
            ("gen_ai_provider_name", "openai"), ("gen_ai_request_model", "__other__"), ("gen_ai_operation_name", "chat")));
    }

    [Fact]
    public void Limiter_KeepsAdmittedValues_AndFoldsOnlyNewOnes()
    {
        var limiter = new LabelValueLimiter(Options.Create(new MetricsOptions { MaxLabelValues = 2 }),
            NullLogger<LabelValueLimiter>.Instance);

        string[] admitted =
        [
            limiter.Admit("agent", "a"), limiter.Admit("agent", "b"), limiter.Admit("agent", "c"),
            limiter.Admit("agent", "a"), limiter.Admit("model", "c"), limiter.Admit("agent", "b"),
        ];

        Assert.Equal(["a", "b", LabelValueLimiter.Other, "a", "c", "b"], admitted);
    }
}
