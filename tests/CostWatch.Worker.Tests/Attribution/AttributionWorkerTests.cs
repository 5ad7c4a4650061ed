using System.Diagnostics.Metrics;
using CostWatch.Storage;
using CostWatch.Worker.Attribution;
using CostWatch.Worker.Ingest;
using CostWatch.Worker.Observability;
using CostWatch.Worker.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace CostWatch.Worker.Tests.Attribution;

public sealed class AttributionWorkerTests
{
    [Fact]
    public async Task AFullPassThatLeavesTracesQueued_IsFollowedAtOnce_AndAQueueThatKeepsUpWaitsToCoalesce()
    {
        await using var rig = new WorkerRig();
        // Three commits of 6,000 traces: the first pass takes two (12,000, past its 10,000), the third is left over.
        for (var i = 0; i < 3; i++)
        {
            rig.Queue.Enqueue([AttributionQueueTests.BatchOfLinks(6_000)]);
        }

        await rig.StartAsync();
        // The first pass waits one coalescing delay, like every pass of a worker that keeps up.
        await UntilAsync(() => rig.Clock.Timers == 1, "the first pass's coalescing timer");
        rig.Clock.Advance(TimeSpan.FromSeconds(1));
        // The second pass follows without a delay of its own: no further timer, and the clock stands still.
        await UntilAsync(() => rig.Lookups.Length == 2, "the second lookup");
        Assert.Equal([12_000, 6_000], rig.Lookups);
        Assert.Equal(1, rig.Clock.Timers);

        // Caught up: a new commit's traces wait for the delay again.
        rig.Queue.Enqueue([AttributionQueueTests.BatchOfLinks(10)]);
        await UntilAsync(() => rig.Clock.Timers == 2, "a coalescing timer for the new commit");
        Assert.Equal(2, rig.Lookups.Length);
        rig.Clock.Advance(TimeSpan.FromSeconds(1));
        await UntilAsync(() => rig.Lookups.Length == 3, "the third lookup");
        Assert.Equal([12_000, 6_000, 10], rig.Lookups);
    }

    [Fact]
    public async Task APassThatWasNotFull_WaitsToCoalesce_EvenWhenCommitsArrivedMeanwhile()
    {
        // A commit lands while the first pass runs, as they do under any steady load.
        await using var rig = new WorkerRig(onLookup: (count, queue) =>
        {
            if (count == 1)
            {
                queue.Enqueue([AttributionQueueTests.BatchOfLinks(20)]);
            }
        });
        rig.Queue.Enqueue([AttributionQueueTests.BatchOfLinks(10)]);

        await rig.StartAsync();
        await UntilAsync(() => rig.Clock.Timers == 1, "the first pass's coalescing timer");
        rig.Clock.Advance(TimeSpan.FromSeconds(1));
        // The second pass waits for a delay of its own before it takes the commit that arrived.
        await UntilAsync(() => rig.Clock.Timers == 2, "the second pass's own coalescing timer");
        Assert.Equal([10], rig.Lookups);
        rig.Clock.Advance(TimeSpan.FromSeconds(1));
        await UntilAsync(() => rig.Lookups.Length == 2, "the second lookup");
        Assert.Equal([10, 20], rig.Lookups);
    }

    private static Task UntilAsync(Func<bool> condition, string what) =>
        Eventually.GetAsync(() => Task.FromResult(condition()), met => met, what);

    /// <summary>
    /// An attribution worker on a counting fake clock, over a store (a substitute: the seam inside the process) that
    /// records how many traces each lookup of pending calls asked for and finds none.
    /// </summary>
    private sealed class WorkerRig : IAsyncDisposable
    {
        private readonly List<int> _lookups = [];
        private readonly CostWatchMetrics _metrics;
        private readonly AttributionWorker _worker;
        private bool _started;

        /// <param name="onLookup">Called inside each lookup with the number of lookups so far and the queue.</param>
        public WorkerRig(Action<int, AttributionQueue>? onLookup = null)
        {
            var store = Substitute.For<ITelemetryStore>();
            store.GetPendingCallsAsync(Arg.Any<IReadOnlyCollection<Guid>>(), Arg.Any<CancellationToken>()).Returns(call =>
            {
                lock (_lookups)
                {
                    _lookups.Add(call.Arg<IReadOnlyCollection<Guid>>().Count);
                    onLookup?.Invoke(_lookups.Count, Queue);
                }

                return Task.FromResult<IReadOnlyList<PendingCall>>([]);
            });
            var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
            _metrics = new CostWatchMetrics(meters);
            _worker = new AttributionWorker(Queue, new AttributionPass(store), Clock, Options.Create(new IngestOptions()),
                _metrics, NullLogger<AttributionWorker>.Instance);
        }

        public TimerCountingClock Clock { get; } = new();

        public AttributionQueue Queue { get; } = new(NullLogger<AttributionQueue>.Instance);

        /// <summary>The traces each lookup asked for, in order.</summary>
        public int[] Lookups
        {
            get
            {
                lock (_lookups)
                {
                    return _lookups.ToArray();
                }
            }
        }

        public async Task StartAsync()
        {
            await _worker.StartAsync(CancellationToken.None);
            _started = true;
        }

        public async ValueTask DisposeAsync()
        {
            if (_started)
            {
                await _worker.StopAsync(CancellationToken.None);
            }

            _worker.Dispose();
            _metrics.Dispose();
        }
    }

    /// <summary>A fake clock that counts the timers made on it: each coalescing delay is one.</summary>
    private sealed class TimerCountingClock() : FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero))
    {
        private int _timers;

        public int Timers => Volatile.Read(ref _timers);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Increment(ref _timers);
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }
}
