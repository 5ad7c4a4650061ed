namespace CostWatch.Worker.Ingest;

/// <summary>The store could not commit an export: the client is told to retry (503 / UNAVAILABLE).</summary>
internal sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
