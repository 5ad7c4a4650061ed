using CostWatch.Core.Ingest;
using CostWatch.Core.Records;
using CostWatch.Worker.Attribution;
using CostWatch.Worker.Tests.Hosting;
using Microsoft.Extensions.Logging;

namespace CostWatch.Worker.Tests.Attribution;

public sealed class AttributionQueueTests
{
    private const int QueueFullEvent = 3002;

    private static readonly DateTime Now = new(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Enqueue_IntoAFullQueue_IsRefusedAndWarnedOncePerSpell()
    {
        var logger = new RecordingLogger<AttributionQueue>();
        var queue = new AttributionQueue(logger);
        for (var i = 0; i < AttributionQueue.Capacity; i++)
        {
            queue.Enqueue([BatchOfLinks(1)]);
        }

        Assert.Empty(Warnings(logger));

        queue.Enqueue([BatchOfLinks(1)]);
        queue.Enqueue([BatchOfLinks(1)]);
        Assert.Equal(AttributionQueue.Capacity, queue.Reader.Count);
        Assert.Single(Warnings(logger));

        // Room again: the next commit's traces are taken, and the next spell of fullness is reported anew.
        Assert.True(queue.Reader.TryRead(out _));
        queue.Enqueue([BatchOfLinks(1)]);
        Assert.Equal(AttributionQueue.Capacity, queue.Reader.Count);
        queue.Enqueue([BatchOfLinks(1)]);
        Assert.Equal(2, Warnings(logger).Count);
    }

    [Fact]
    public void Enqueue_TakesTheTracesOfPendingCallsRunsAndLinks_NotOfAttributedCalls()
    {
        var queue = new AttributionQueue(new RecordingLogger<AttributionQueue>());
        var pending = Guid.NewGuid();
        var attributed = Guid.NewGuid();
        var run = Guid.NewGuid();
        var link = Guid.NewGuid();
        var batch = new NormalizedBatch();
        batch.LlmCalls.Add(Call(pending, AttributionState.Pending));
        batch.LlmCalls.Add(Call(attributed, AttributionState.Own));
        batch.AgentRuns.Add(new AgentRun
        {
            TraceId = run,
            SpanId = 1,
            StartTime = Now,
            EndTime = Now,
            ReceivedAt = Now,
            AgentName = "planner",
        });
        batch.Links.Add(new SpanLink(link, 2, 1, Now));

        queue.Enqueue([batch]);

        Assert.True(queue.Reader.TryRead(out var traces));
        Assert.Equal(new[] { pending, run, link }.Order(), traces.Order());
    }

    internal static NormalizedBatch BatchOfLinks(int traces)
    {
        var batch = new NormalizedBatch();
        for (var i = 0; i < traces; i++)
        {
            batch.Links.Add(new SpanLink(Guid.NewGuid(), 2, 1, Now));
        }

        return batch;
    }

    private static LlmCall Call(Guid trace, AttributionState attribution) => new()
    {
        TraceId = trace,
        SpanId = 3,
        StartTime = Now,
        EndTime = Now,
        ReceivedAt = Now,
        Operation = "chat",
        Attribution = attribution,
    };

    private static List<(LogLevel Level, EventId Event, string Message)> Warnings(RecordingLogger<AttributionQueue> logger) =>
        logger.Entries.Where(e => e.Event.Id == QueueFullEvent && e.Level == LogLevel.Warning).ToList();
}
