using System.Data.Common;
using System.Diagnostics;
using CostWatch.Core.Alerting.Rules;
using CostWatch.Core.Rollups;
using CostWatch.Storage;
using CostWatch.Storage.Alerting;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CostWatch.Benchmarks.Alerts;

/// <summary>
/// What one evaluation is measured against, on the same rows in the same run: (a) the reads alone, each rule's
/// <see cref="IAlertStore"/> query as the evaluator makes it, without judging or writing a round; (b) a bare scan, one
/// <c>SUM</c> (or <c>MAX</c>) over exactly the rows each rule's query reads, without grouping: the least any
/// evaluation could do with these tables.
/// </summary>
internal sealed class AlertCeilings(IAlertStore store, StorageProvider provider, string connectionString, AlertRuleSet rules)
{
    /// <summary>Runs every rule's read; returns the time of each, in rule order.</summary>
    public async Task<IReadOnlyList<double>> ReadAsync(DateTime now, CancellationToken cancellationToken)
    {
        var times = new List<double>();
        foreach (var rule in rules.Rules)
        {
            var started = Stopwatch.GetTimestamp();
            var since = now - (rule.Window ?? TimeSpan.Zero);
            var rows = rule.Kind switch
            {
                AlertRuleKind.LoopIterations => (await store.ReadRunIterationsAsync(since, rule.MaxIterations ?? 0, cancellationToken)).Count,
                AlertRuleKind.ToolSuccessRate => (await store.ReadToolCallsAsync(since, cancellationToken)).Count,
                AlertRuleKind.ContextWindow or AlertRuleKind.UnpricedModel => (await store.ReadLlmCallsAsync(since, cancellationToken)).Count,
                AlertRuleKind.RunDurationQuantile => (await store.ReadRunDurationsAsync(since, cancellationToken)).Count,
                AlertRuleKind.TraceLoss or AlertRuleKind.PipelineSilence => (await store.ReadAgentsAsync(cancellationToken)).Count,
                AlertRuleKind.Budget => (await store.ReadSpendAsync(rule.GroupBy, now.Date, Recent(rule, now), cancellationToken)).Count,
                _ => throw new InvalidOperationException($"no read for {rule.Kind}"),
            };
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (rows == 0)
            {
                throw new InvalidOperationException($"the read of {rule.Name} found no rows: the seed is not where the rules look");
            }
        }

        return times;
    }

    /// <summary>The bare scans of every rule, one after another; returns their total time.</summary>
    public async Task<double> ScanAsync(DateTime now, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        foreach (var rule in rules.Rules)
        {
            var since = RollupResolution.BucketStart(now - (rule.Window ?? TimeSpan.Zero), RollupResolution.Minute);
            switch (rule.Kind)
            {
                case AlertRuleKind.LoopIterations:
                    await ScalarAsync("SELECT SUM(runs) FROM alert_run_iterations WHERE bucket_start >= @since", since, cancellationToken);
                    break;
                case AlertRuleKind.ToolSuccessRate:
                    await ScalarAsync("SELECT SUM(calls) FROM alert_tool_calls WHERE bucket_start >= @since", since, cancellationToken);
                    break;
                case AlertRuleKind.ContextWindow or AlertRuleKind.UnpricedModel:
                    await ScalarAsync("SELECT SUM(calls) FROM alert_llm_calls WHERE bucket_start >= @since", since, cancellationToken);
                    break;
                case AlertRuleKind.RunDurationQuantile:
                    await ScalarAsync("SELECT SUM(runs) FROM alert_run_durations WHERE bucket_start >= @since", since, cancellationToken);
                    break;
                case AlertRuleKind.TraceLoss or AlertRuleKind.PipelineSilence:
                    await ScalarAsync("SELECT MAX(last_seen) FROM alert_agents", null, cancellationToken);
                    break;
                case AlertRuleKind.Budget:
                    // The same two ranges of llm_rollups the spend query sums (a day starts on a whole hour in UTC).
                    var day = UnixTime.Seconds(now.Date);
                    await ScalarAsync("SELECT SUM(calls) FROM llm_rollups WHERE resolution = 3600 AND bucket_start >= @since",
                        day, cancellationToken);
                    await ScalarAsync("SELECT SUM(calls) FROM llm_rollups WHERE resolution = 60 AND bucket_start >= @since",
                        UnixTime.Seconds(Recent(rule, now)), cancellationToken);
                    break;
                default:
                    throw new InvalidOperationException($"no scan for {rule.Kind}");
            }
        }

        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static DateTime Recent(AlertRule rule, DateTime now) =>
        new[] { now.Date, now - (rule.Window ?? TimeSpan.FromHours(1)) }.Max();

    private async Task ScalarAsync(string sql, long? since, CancellationToken cancellationToken)
    {
        await using DbConnection connection = provider == StorageProvider.Postgres
            ? new NpgsqlConnection(connectionString)
            : new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (since is { } value)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "since";
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        await command.ExecuteScalarAsync(cancellationToken);
    }
}
