namespace CostWatch.Worker.Ingest;

/// <summary>How an export was answered; each transport maps it to its own status codes.</summary>
internal enum IngestOutcome
{
    /// <summary>Committed; some spans may have been rejected through partial success.</summary>
    Accepted,

    /// <summary>The body could not be decoded: the client must not retry it (400 / INVALID_ARGUMENT).</summary>
    BadRequest,

    /// <summary>The store or the queue cannot take it now: retry later (503 / UNAVAILABLE).</summary>
    Unavailable,
}
