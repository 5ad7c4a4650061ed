using CostWatch.Worker.Ingest;
using CostWatch.Worker.Rollups;
using CostWatch.Worker.Storage;
using Quartz;

namespace CostWatch.Worker.Jobs;

internal static class JobsSetup
{
    /// <summary>
    /// The periodic jobs, on Quartz: settling pending attribution, rolling up costs, evaluating alert rules and pruning expired records (also right after
    /// start-up, to catch up after downtime). Quartz takes its clock from the registered <see cref="TimeProvider"/>,
    /// so triggers use no other source of time.
    /// </summary>
    public static WebApplicationBuilder AddJobs(this WebApplicationBuilder builder)
    {
        var ingest = builder.Configuration.GetSection(IngestOptions.Section).Get<IngestOptions>() ?? new IngestOptions();
        var storage = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var rollups = builder.Configuration.GetSection(RollupOptions.Section).Get<RollupOptions>() ?? new RollupOptions();
        builder.Services.AddQuartz(quartz =>
        {
            // Quartz keeps schedulers in a process-wide repository by name: each host gets its own, so
            // hosts sharing a process (tests, benchmarks) never run each other's jobs.
            quartz.ConfigureScheduler(scheduler => scheduler.InstanceName = $"CostWatch-{Guid.NewGuid():N}");
            quartz.AddJob<SettleAttributionJob>(job => job.WithIdentity(SettleAttributionJob.Key));
            quartz.AddTrigger(trigger => trigger.ForJob(SettleAttributionJob.Key)
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(Positive(ingest.SettleInterval)).RepeatForever()));
            quartz.AddJob<RetentionJob>(job => job.WithIdentity(RetentionJob.Key));
            quartz.AddTrigger(trigger => trigger.ForJob(RetentionJob.Key)
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(Positive(storage.PruneInterval)).RepeatForever()));
            quartz.AddJob<RollupJob>(job => job.WithIdentity(RollupJob.Key));
            quartz.AddTrigger(trigger => trigger.ForJob(RollupJob.Key)
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(Positive(rollups.Interval)).RepeatForever()));
            quartz.AddJob<AlertEvaluationJob>(job => job.WithIdentity(AlertEvaluationJob.Key));
            quartz.AddTrigger(trigger => trigger.ForJob(AlertEvaluationJob.Key)
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(AlertEvaluationJob.Tick).RepeatForever()));
        });
        builder.Services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        return builder;
    }

    // Invalid intervals are reported by the options validator at start-up; Quartz must not throw first.
    private static TimeSpan Positive(TimeSpan interval) => interval > TimeSpan.Zero ? interval : TimeSpan.FromMinutes(1);
}
