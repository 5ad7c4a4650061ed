namespace CostWatch.Worker.Ingest;

/// <summary>The answer to one export: its outcome, spans rejected through partial success, and the message.</summary>
internal sealed record IngestResult(IngestOutcome Outcome, long RejectedSpans, string? Message)
{
    public static IngestResult Unavailable(string message) => new(IngestOutcome.Unavailable, 0, message);

    public static IngestResult BadRequest(string message) => new(IngestOutcome.BadRequest, 0, message);
}
