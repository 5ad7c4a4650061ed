using System.Diagnostics;

namespace CostWatch.Simulator;

/// <summary>
/// Plays a planned run through the OpenTelemetry SDK: every span is started with its planned start time and
/// ended when its planned end comes round (divided by <paramref name="speed"/>), children before their parents,
/// so the SDK exports the children of a long run in earlier batches than the run itself, as agents do.
/// </summary>
/// <remarks>
/// Timestamps are the plan's, anchored so that the root span ends when it is sent; with a speed above 1 every
/// other span then carries a time somewhat in the past, never in the future, and keeps its planned duration.
/// </remarks>
internal sealed class RunPlayer(ActivitySource source, TimeProvider time, double speed, ExportCounters counters)
{
    /// <summary>Plays <paramref name="root"/>; when <paramref name="cancellationToken"/> fires, spans not ended yet are never sent.</summary>
    public async Task PlayAsync(PlannedSpan root, CancellationToken cancellationToken)
    {
        var realStart = time.GetUtcNow();
        var anchor = realStart + (root.End / speed) - root.End;

        // The run is a root: it must not become the child of whatever activity the caller has open.
        Activity.Current = null;
        var activities = new Dictionary<PlannedSpan, Activity>(ReferenceEqualityComparer.Instance);
        var depth = new Dictionary<PlannedSpan, int>(ReferenceEqualityComparer.Instance);
        Start(root, parent: null, level: 0);

        // Ends in time order; at the same instant the deeper span first, as a parent never ends before its child.
        var endOrder = activities.Keys.OrderBy(span => span.End).ThenByDescending(span => depth[span]).ToList();
        foreach (var span in endOrder)
        {
            var due = realStart + (span.End / speed);
            var wait = due - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, time, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Stopped mid-run, like an agent process that is killed: what has not ended is never sent.
                    return;
                }
            }

            var activity = activities[span];
            if (span.ErrorType is { } errorType)
            {
                activity.SetStatus(ActivityStatusCode.Error);
                activity.SetTag("error.type", errorType);
            }

            activity.SetEndTime((anchor + span.End).UtcDateTime);
            activity.Stop();
            counters.SpanEnded();
        }

        counters.RunCompleted();

        void Start(PlannedSpan span, Activity? parent, int level)
        {
            var activity = source.StartActivity(span.Name, span.Kind, parent?.Context ?? default, span.Attributes,
                startTime: anchor + span.Start) ?? throw new InvalidOperationException(
                    $"The tracer provider did not record '{span.Name}': the simulator's source must be sampled.");
            activities.Add(span, activity);
            depth.Add(span, level);
            foreach (var child in span.Children)
            {
                Start(child, activity, level + 1);
            }
        }
    }
}
