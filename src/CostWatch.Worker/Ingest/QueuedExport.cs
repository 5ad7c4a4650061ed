using CostWatch.Core.Ingest;
using CostWatch.Storage;

namespace CostWatch.Worker.Ingest;

/// <summary>One export waiting for its commit; <see cref="Committed"/> completes once its records are durable.</summary>
internal sealed class QueuedExport(NormalizedBatch batch)
{
    public NormalizedBatch Batch { get; } = batch;

    public TaskCompletionSource<WriteOutcome> Committed { get; } =
        new(TaskCreationOptions.RunContinuationsAsynchronously);
}
