using System.Text;
using CostWatch.Core.Pricing;
using CostWatch.Storage;
using CostWatch.TestSupport;
using CostWatch.Worker.Tests.Hosting;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using static CostWatch.Worker.Tests.Ingest.Otlp.OtlpTestData;

namespace CostWatch.Worker.Tests.EndToEnd;

/// <summary>User price files through a real worker: the stored call is priced by the user's entry, and an edited file takes effect without a restart.</summary>
public sealed class PricingEndToEndTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("costwatch-prices-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static byte[] Call(ulong spanId, string model, long input, long cacheRead, long output) => Request(null,
        NewSpan(spanId, $"chat {model}", Attr("gen_ai.operation.name", "chat"), Attr("gen_ai.provider.name", "openai"),
            Attr("gen_ai.request.model", model), Attr("gen_ai.usage.input_tokens", input),
            Attr("gen_ai.usage.cache_read.input_tokens", cacheRead), Attr("gen_ai.usage.output_tokens", output)))
        .ToByteArray();

    [Theory, StoreProviders]
    public async Task UserPriceFiles_PriceTheStoredCalls_AndWinOverTheBuiltInCatalog(StorageProvider provider)
    {
        var yaml = Write("negotiated.yaml", """
            models:
              - id: gpt-4o
                provider: openai
                inputPerMillion: 2
                cacheReadPerMillion: 0.5
                outputPerMillion: 8
            """);
        var litellm = Write("litellm.json", """{ "in-house-llm": { "input_cost_per_token": 1e-07, "output_cost_per_token": 4e-07 } }""");
        await using var worker = await WorkerHost.StartAsync(provider, settings: new Dictionary<string, string>
        {
            ["CostWatch:Pricing:Files:0"] = yaml,
            ["CostWatch:Pricing:Files:1"] = litellm,
        });
        using var http = new HttpClient { BaseAddress = new Uri(worker.HttpUrl) };

        // OTLP/JSON for one call, OTLP/protobuf for the other: both are priced at ingest.
        var json = OtlpJsonText.From(CostWatch.Otlp.Proto.ExportTraceServiceRequest.Parser.ParseFrom(Call(1, "gpt-4o", 10_000, 4_000, 1_000)));
        (await http.PostTracesAsync(Encoding.UTF8.GetBytes(json), "application/json")).EnsureSuccessStatusCode();
        (await http.PostTracesAsync(Call(2, "in-house-llm", 5_000, 0, 500))).EnsureSuccessStatusCode();

        var calls = (await worker.Store.GetLlmCallsAsync(TraceGuid, default)).OrderBy(c => c.SpanId).ToArray();
        Assert.Equal(2, calls.Length);
        // 6000*2e-6 + 4000*5e-7 + 1000*8e-6 (the built-in gpt-4o would give 0.03)
        Assert.Equal((0.022m, CostSource.Computed, "gpt-4o", yaml), (calls[0].CostUsd, calls[0].CostSource, calls[0].PriceEntry, calls[0].PriceSource));
        // 5000*1e-7 + 500*4e-7
        Assert.Equal((0.0007m, CostSource.Computed, "in-house-llm", litellm), (calls[1].CostUsd, calls[1].CostSource, calls[1].PriceEntry, calls[1].PriceSource));
    }

    [Fact]
    public async Task EditedPriceFile_PricesLaterCalls_WithoutARestart_AndAnInvalidEditChangesNothing()
    {
        var path = Write("prices.json", """{ "models": [ { "id": "gpt-4o", "inputPerMillion": 2, "outputPerMillion": 8 } ] }""");
        var clock = new FakeTimeProvider(new DateTimeOffset(ReceivedAt));
        await using var worker = await WorkerHost.StartAsync(
            settings: new Dictionary<string, string> { ["CostWatch:Pricing:Files:0"] = path },
            configure: builder => builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
        using var http = new HttpClient { BaseAddress = new Uri(worker.HttpUrl) };

        (await http.PostTracesAsync(Call(1, "gpt-4o", 1_000, 0, 100))).EnsureSuccessStatusCode();
        File.WriteAllText(path, """{ "models": [ { "id": "gpt-4o", "inputPerMillion": 3, "outputPerMillion": 12 } ] }""");
        clock.Advance(TimeSpan.FromSeconds(10));
        (await http.PostTracesAsync(Call(2, "gpt-4o", 1_000, 0, 100))).EnsureSuccessStatusCode();
        File.WriteAllText(path, """{ "models": [ { "id": "gpt-4o", "inputPerMillion": "free" } ] }""");
        clock.Advance(TimeSpan.FromSeconds(10));
        (await http.PostTracesAsync(Call(3, "gpt-4o", 1_000, 0, 100))).EnsureSuccessStatusCode();

        var calls = (await worker.Store.GetLlmCallsAsync(TraceGuid, default)).OrderBy(c => c.SpanId);
        // 1000*2e-6 + 100*8e-6, then 1000*3e-6 + 100*1.2e-5 twice: the invalid edit left the second prices in force.
        Assert.Equal([0.0028m, 0.0042m, 0.0042m], calls.Select(c => c.CostUsd));
        Assert.All(calls, c => Assert.Equal(path, c.PriceSource));
    }
}
