using CostWatch.Worker.Alerting;
using CostWatch.Worker.Storage;
using Quartz;

namespace CostWatch.Worker.Jobs;

/// <summary>
/// Evaluates the alert rules once per evaluation interval of the rules file. It ticks every second, so an interval
/// changed by a reload of the file takes effect at once; the evaluator runs a round only when one is due. Every
/// replica schedules it; the store lets one round run at a time and skips a round another replica just ran.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class AlertEvaluationJob(AlertEvaluator evaluator, StoreReadiness readiness) : IJob
{
    public static readonly JobKey Key = new("alert-evaluation");

    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (!readiness.SchemaReady)
        {
            return;
        }

        await evaluator.EvaluateIfDueAsync(cancellationToken);
    }
}
