namespace CostWatch.Benchmarks.Payload;

/// <summary>Every client's template sequence, generated once before anything is timed.</summary>
internal sealed class TemplateSet
{
    /// <summary>Enough distinct exports per client that payloads vary; each is ~0.5 KB per span.</summary>
    public const int BatchesPerClient = 16;

    private readonly IReadOnlyList<IReadOnlyList<TemplateBatch>> _perClient;

    private TemplateSet(IReadOnlyList<IReadOnlyList<TemplateBatch>> perClient, int batchSize)
    {
        _perClient = perClient;
        BatchSize = batchSize;
    }

    public int Clients => _perClient.Count;

    public int BatchSize { get; }

    public static TemplateSet Build(int clients, int batchSize)
    {
        // Timestamps are "now" at generation: the whole run stays well inside the worker's limits.
        var now = DateTime.UtcNow;
        var perClient = Enumerable.Range(0, clients)
            .Select(client => TemplateSequence.Build(client, BatchesPerClient, batchSize, now))
            .ToList();
        return new TemplateSet(perClient, batchSize);
    }

    public IReadOnlyList<TemplateBatch> For(int client) => _perClient[client];

    public int MaxLength => _perClient.SelectMany(batches => batches).Max(batch => batch.Length);

    /// <summary>The payload in one line, for the report: span mix, traces per export, traces cut by an export's end.</summary>
    public string Describe()
    {
        var batches = _perClient.SelectMany(b => b).ToList();
        double spans = batches.Sum(b => b.SpanCount);
        var runs = batches.Sum(b => b.Composition.AgentRuns);
        return $"{100 * runs / spans:0}% agent runs, {100 * batches.Sum(b => b.Composition.LlmCalls) / spans:0}% LLM calls, " +
               $"{100 * batches.Sum(b => b.Composition.ToolCalls) / spans:0}% tool calls; {runs / (double)batches.Count:0} traces per export, " +
               $"{batches.Average(b => b.Composition.TracesContinuedInNextExport):0.0} per export continued in the next one; ~{BytesPerSpan:0} bytes/span";
    }

    /// <summary>The mean encoded size of a span, for the report.</summary>
    public double BytesPerSpan =>
        _perClient.SelectMany(b => b).Sum(b => (double)b.Length) / _perClient.SelectMany(b => b).Sum(b => b.SpanCount);
}
