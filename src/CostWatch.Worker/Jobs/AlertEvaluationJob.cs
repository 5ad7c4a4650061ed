using CostWatch.Worker.Alerting;
using CostWatch.Worker.Storage;
using Quartz;

namespace CostWatch.Worker.Jobs;

/// <summary>
/// Evaluates the alert rules once per evaluation interval of the rules file. It ticks every 5 s, so an interval
/// changed by a reload of the file takes effect at once (rounded up to the tick); the evaluator runs a round only
/// when one is due. A tick of 1 s made Quartz fire a backlog of catch-up runs whenever the clock jumped (a suspended
/// VM; tests on a fake clock), crowding out the rollup job. Every replica schedules it; the store lets one round
/// run at a time and skips a round another replica just ran.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class AlertEvaluationJob(AlertEvaluator evaluator, StoreReadiness readiness) : IJob
{
    public static readonly JobKey Key = new("alert-evaluation");

    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(5);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (!readiness.SchemaReady)
        {
            return;
        }

        await evaluator.EvaluateIfDueAsync(cancellationToken);
    }
}
