using System.Globalization;
using CostWatch.Benchmarks.Alerts;
using CostWatch.Benchmarks.Api;
using CostWatch.Benchmarks.Decode;
using CostWatch.Benchmarks.Ingest;
using CostWatch.Benchmarks.Notify;

namespace CostWatch.Benchmarks.Report;

/// <summary>Writes a <see cref="BenchmarkReport"/> as the markdown block recorded in docs/benchmarks.md.</summary>
internal static class MarkdownReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Write(TextWriter w, BenchmarkReport report)
    {
        var o = report.Options;
        w.WriteLine($"### Run of {DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", Invariant)} UTC");
        w.WriteLine();
        w.WriteLine($"Command: `{report.Command}`");
        w.WriteLine();
        w.WriteLine($"Code: {report.Revision}.");
        w.WriteLine();
        w.WriteLine($"Payload: {report.Payload}.");
        w.WriteLine();
        WriteMachine(w, report);
        if (report.Ingest.Count > 0)
        {
            w.WriteLine();
            w.WriteLine($"#### Ingest: OTLP/HTTP protobuf, {o.Batch}-span exports (~{report.BytesPerSpan:0} bytes/span), {o.Clients} clients, {o.Warmup} s warm-up + {o.Seconds} s measured");
            w.WriteLine();
            WriteIngestTable(w, report.Ingest);
            foreach (var result in report.Ingest)
            {
                w.WriteLine();
                WriteIngestDetails(w, result);
            }
        }

        if (report.Api.Count > 0)
        {
            w.WriteLine();
            WriteApi(w, report);
        }

        if (report.Alerts.Count > 0)
        {
            w.WriteLine();
            WriteAlerts(w, report);
        }

        if (report.Notify is { } notify)
        {
            w.WriteLine();
            NotifyReport.Write(w, notify);
        }

        if (report.Decode is { } decode)
        {
            w.WriteLine();
            WriteDecode(w, decode);
        }

        foreach (var failure in report.Failures)
        {
            w.WriteLine();
            w.WriteLine($"**Not measured:** {failure}");
        }
    }

    private static void WriteMachine(TextWriter w, BenchmarkReport report)
    {
        var m = report.Machine;
        w.WriteLine("| machine | |");
        w.WriteLine("|---|---|");
        w.WriteLine($"| CPU | {m.CpuModel}, {m.Cores} cores (`nproc` {m.Cores}) |");
        w.WriteLine($"| memory | {m.Memory} |");
        w.WriteLine($"| OS | {m.OperatingSystem} |");
        w.WriteLine($"| .NET | {m.Runtime}; worker with workstation concurrent GC (its csproj) |");
        w.WriteLine($"| load average before the run | {m.LoadAverage} |");
        foreach (var (store, settings) in report.StoreSettings)
        {
            w.WriteLine($"| {store} | {string.Join("; ", settings.Select(s => $"{s.Name} = {s.Value}"))} |");
        }
    }

    private static void WriteIngestTable(TextWriter w, IReadOnlyList<IngestResult> results)
    {
        w.WriteLine("| store | clients | acknowledged spans/s | p50 / p99 export latency (ms) | errors | worker peak RSS (MB) | ceiling spans/s | ratio | targets met |");
        w.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in results)
        {
            var l = r.Load;
            w.WriteLine($"| {r.Store} | {l.Clients} | {l.SpansPerSecond:N0} | {Statistics.Percentile(l.LatenciesMs, 50):0.0} / {Statistics.Percentile(l.LatenciesMs, 99):0.0} | " +
                        $"{l.ErrorCount} | {PeakRss(r):0} | {r.Ceiling.Best.SpansPerSecond:N0} | {Percent(r.Ratio)} | {TargetsMet(r)} |");
        }

        foreach (var runs in results.GroupBy(r => r.Store).Where(g => g.Count() > 1))
        {
            var ratios = runs.Select(r => r.Ratio).ToList();
            var rates = runs.Select(r => r.Load.SpansPerSecond).ToList();
            w.WriteLine();
            w.WriteLine($"{runs.Key}, {ratios.Count} runs: ratio median {Percent(Statistics.Median(ratios))} " +
                        $"(from {Percent(ratios.Min())} to {Percent(ratios.Max())}), acknowledged spans/s median " +
                        $"{Statistics.Median(rates):N0} (from {rates.Min():N0} to {rates.Max():N0}).");
        }
    }

    private static string TargetsMet(IngestResult r)
    {
        var rss = $"RSS ≤ {Targets.PeakRssMb:0} MB: {YesNo(PeakRss(r) <= Targets.PeakRssMb)}";
        var clean = r.Load.ErrorCount == 0 ? "" : " (run had errors)";
        return r.Store == "PostgreSQL"
            ? $"≥ {Targets.PostgresSpansPerSecond / 1000:0}k spans/s: {YesNo(r.Load.SpansPerSecond >= Targets.PostgresSpansPerSecond)}; " +
              $"≥ {Percent(Targets.PostgresCeilingRatio)} of ceiling: {YesNo(r.Ratio >= Targets.PostgresCeilingRatio)}; {rss}{clean}"
            : $"≥ {Targets.SqliteSpansPerSecond / 1000:0}k spans/s: {YesNo(r.Load.SpansPerSecond >= Targets.SqliteSpansPerSecond)}; {rss}{clean}";
    }

    private static void WriteIngestDetails(TextWriter w, IngestResult r)
    {
        var l = r.Load;
        var c = r.Cpu;
        w.WriteLine($"{r.Store} details:");
        w.WriteLine($"- measured: {l.MeasuredExports:N0} exports, {l.MeasuredSpans:N0} spans acknowledged in {l.Measured.TotalSeconds:0.#} s; " +
                    $"latency p50 {Statistics.Percentile(l.LatenciesMs, 50):0.0} ms, p90 {Statistics.Percentile(l.LatenciesMs, 90):0.0} ms, " +
                    $"p99 {Statistics.Percentile(l.LatenciesMs, 99):0.0} ms, max {(l.LatenciesMs.Count > 0 ? l.LatenciesMs.Max() : double.NaN):0.0} ms");
        w.WriteLine($"- errors over the whole run (warm-up included): {(l.ErrorCount == 0 ? "none" : string.Join(", ", l.Errors.Select(e => $"{e.Key} × {e.Value}")))}; " +
                    $"spans rejected by partial success: {l.RejectedSpans}");
        w.WriteLine($"- stored after the run: {r.StoredSpans:N0} spans; acknowledged over the whole run: {l.AcknowledgedSpans:N0}");
        w.WriteLine($"- worker memory: VmHWM {Mb(r.PeakRssMb)} at the end of the measured run; highest VmRSS sampled every 250 ms: {r.MaxSampledRssMb:0} MB");
        var worker = c.WorkerMicrosecondsPerSpan(l.SpansPerSecond);
        var server = c.ServerCores is { } cores
            ? $", PostgreSQL server processes {cores:0.00} (per acknowledged span: worker {worker:0.00} µs, server {c.ServerMicrosecondsPerSpan(l.SpansPerSecond):0.00} µs)"
            : $" ({worker:0.00} µs per acknowledged span)";
        w.WriteLine($"- CPU during the measured window (cores): worker {c.WorkerCores:0.00}{server}, load generator {c.LoadGeneratorCores:0.00}; " +
                    $"machine busy {c.MachineBusyPercent:0}% of {Environment.ProcessorCount} cores, iowait {c.MachineIoWaitPercent:0}%");
        w.WriteLine($"- attribution after the load stopped: {Attribution(r.Attribution)}");
        var passes = r.RollupLag.Passes == 0
            ? "no rollup pass finished during the load"
            : $"max {r.RollupLag.MaxSeconds:0.0} s, last {r.RollupLag.LastSeconds:0.0} s over the {(r.RollupLag.Passes == 1 ? "one pass" : $"{r.RollupLag.Passes} passes")} that finished during the load";
        w.WriteLine($"- rollup lag (per pass, as the worker reports it in `costwatch_rollup_lag_seconds`: how long the oldest record it rolled up had been stored; the job runs every 10 s and a record waits one to two intervals by design): {passes}; " +
                    (r.RollupLag.CaughtUpAfter is { } caughtUp ? $"from the database, backlog empty {caughtUp.TotalSeconds:0.0} s after the load stopped" : $"backlog NOT empty after {r.RollupLag.Waited.TotalSeconds:0} s"));
        w.WriteLine($"- ceiling, {r.Ceiling.Path}, {r.Ceiling.Best.Spans:N0} spans on top of the {r.Ceiling.StoredBefore:N0} " +
                    "the worker had stored before its measured window (not timed): " +
                    string.Join(", ", r.Ceiling.Variants.Select(v => $"{v.Name} {v.SpansPerSecond:N0} spans/s " +
                        $"(CPU per span: client {v.ClientMicrosecondsPerSpan:0.00} µs, server {v.ServerMicrosecondsPerSpan:0.00} µs)")));
        if (r.WorkerOutputLines > 0)
        {
            w.WriteLine($"- the worker logged {r.WorkerOutputLines} line(s) at warning level or above; the last:");
            w.WriteLine("  ```");
            foreach (var line in r.WorkerOutputTail.Split('\n').TakeLast(10))
            {
                w.WriteLine("  " + line.TrimEnd());
            }

            w.WriteLine("  ```");
        }
        else
        {
            w.WriteLine("- the worker logged nothing at warning level or above");
        }
    }

    private static string Attribution(AttributionCatchUp a) => a.Took is { } took
        ? $"{a.PendingAtStop:N0} calls pending at stop; down to the {a.Unresolvable:N0} whose run was never sent after {took.TotalSeconds:0.0} s"
        : $"{a.PendingAtStop:N0} calls pending at stop; still {a.PendingAtEnd:N0} after {a.Waited.TotalSeconds:0} s " +
          $"(only {a.Unresolvable:N0} have a run that was never sent): attribution did not keep up";

    private static void WriteApi(TextWriter w, BenchmarkReport report)
    {
        var o = report.Options;
        w.WriteLine($"#### Cost API: `GET /api/v1/costs` over {o.Days} days{(o.ExtraHours > 0 ? $" and {o.ExtraHours} hours" : "")} of rollups for {o.Agents} agents × {o.Models} models, grouped by agent and model; {o.WarmupRequests} warm-up + {o.Requests} sequential requests over HTTP");
        w.WriteLine();
        w.WriteLine("| store | rollup rows seeded | rows answered | response bytes | p50 (ms) | p95 (ms) | max (ms) | p95 ≤ 100 ms |");
        w.WriteLine("|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in report.Api)
        {
            var p95 = Statistics.Percentile(r.LatenciesMs, 95);
            w.WriteLine($"| {r.Store} | {r.SeededRows:N0} | {r.ResponseRows:N0} | {r.ResponseBytes:N0} | {Statistics.Percentile(r.LatenciesMs, 50):0.0} | " +
                        $"{p95:0.0} | {r.LatenciesMs.Max():0.0} | {YesNo(p95 <= Targets.CostsApiP95Ms)} |");
        }

        w.WriteLine();
        foreach (var r in report.Api)
        {
            w.WriteLine($"- {r.Store}: seeded in {r.SeedTime.TotalSeconds:0} s; answer checked: {r.Check}; query `{r.Query}`");
        }
    }

    private static void WriteAlerts(TextWriter w, BenchmarkReport report)
    {
        var o = report.Options;
        w.WriteLine($"#### Alerts: one evaluation of {FleetAlertRules.Set.Rules.Count} rules (the five production rules, a daily budget per agent, unpriced models, pipeline silence) over {report.Alerts[0].Seeded}; the first round, one warm-up, then {o.Evaluations} measured rounds");
        w.WriteLine();
        w.WriteLine("| store | sample rows | first round (ms) | evaluation p50 / p95 / max (ms) | reads only p50 (ms) | bare scan p50 (ms) | evaluation / bare scan (p50) | max ≤ 2 s |");
        w.WriteLine("|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in report.Alerts)
        {
            var evaluation = Statistics.Median(r.EvaluationMs);
            var scan = Statistics.Median(r.BareScanMs);
            w.WriteLine($"| {r.Store} | {r.TotalSampleRows:N0} | {r.FirstRoundMs:0} | {evaluation:0} / {Statistics.Percentile(r.EvaluationMs, 95):0} / {r.EvaluationMs.Max():0} | " +
                        $"{Statistics.Median(r.ReadsMs):0} | {scan:0} | {evaluation / scan:0.0}× | {YesNo(r.EvaluationMs.Append(r.FirstRoundMs).Max() <= Targets.AlertEvaluationMs)} |");
        }

        w.WriteLine();
        foreach (var r in report.Alerts)
        {
            w.WriteLine($"- {r.Store}: rows {string.Join(", ", r.SampleRows.Select(t => $"{t.Table} {t.Rows:N0}"))}; generated in {r.GenerateTime.TotalSeconds:0} s, written in {r.WriteTime.TotalSeconds:0} s");
            w.WriteLine($"  - {r.Check}");
            w.WriteLine($"  - reads p50 by rule (ms): {string.Join(", ", r.ReadsByRule.Select(x => $"{x.Rule} {x.P50Ms:0.0}"))}");
        }
    }

    private static void WriteDecode(TextWriter w, DecodeResult d)
    {
        w.WriteLine($"#### Decode: {d.Payloads} realistic {d.SpansPerPayload}-span exports (~{d.BytesPerSpan:0} bytes/span), single thread, into a `SpanNormalizer`, median of {d.Iterations} iterations after warm-up");
        w.WriteLine();
        w.WriteLine("| decoder | spans/s (median) | min – max | MB/s | allocated bytes/span | relative |");
        w.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var m in new[] { d.HandWritten, d.Generated })
        {
            w.WriteLine($"| {m.Name} | {m.Median:N0} | {m.Min:N0} – {m.Max:N0} | {m.Median * d.BytesPerSpan / 1e6:N0} | " +
                        $"{m.AllocatedBytesPerSpan:N0} | {m.Median / d.HandWritten.Median:0.00}× |");
        }

        var faster = d.HandWritten.Median >= d.Generated.Median ? d.HandWritten : d.Generated;
        w.WriteLine();
        w.WriteLine($"Faster: {faster.Name}, {Math.Max(d.HandWritten.Median, d.Generated.Median) / Math.Min(d.HandWritten.Median, d.Generated.Median):0.00}× the other. " +
                    "Both produced identical records from every payload before timing.");
    }

    private static double PeakRss(IngestResult r) => r.PeakRssMb ?? r.MaxSampledRssMb;

    private static string Mb(double? mb) => mb is { } value ? $"{value:0} MB" : "n/a";

    // One decimal: a ratio of 49.6% shown as "50%" next to "≥ 50% of ceiling: no" reads as a contradiction.
    private static string Percent(double ratio) => $"{ratio * 100:0.0}%";

    private static string YesNo(bool met) => met ? "yes" : "**no**";
}
