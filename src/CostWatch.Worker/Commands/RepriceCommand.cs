using System.Globalization;
using CostWatch.Storage.Rollups;
using CostWatch.Worker.Costs;
using CostWatch.Worker.Rollups;

namespace CostWatch.Worker.Commands;

/// <summary>
/// <c>CostWatch.Worker reprice --from T --to T [--dry-run]</c>: prices the calls that started in [from, to)
/// again with the catalog in force (built-in and <c>CostWatch:Pricing:Files</c>), corrects the rollups, and
/// prints the difference per model. With <c>--dry-run</c> nothing is changed. Exit codes as <see cref="CommandHost"/>'s.
/// </summary>
internal static class RepriceCommand
{
    public const string Usage = "usage: reprice --from <RFC 3339 time> --to <RFC 3339 time> [--dry-run] [--Section:Key=value ...]";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (!TryParse(args, out var from, out var to, out var dryRun, out var configuration, out var problem))
        {
            await error.WriteLineAsync($"reprice: {problem}\n{Usage}");
            return 2;
        }

        return await CommandHost.RunAsync("reprice", configuration, time: null, error, async services =>
        {
            if (!await CommandHost.StoreReadyAsync("reprice", services, error))
            {
                return 1;
            }

            var report = await services.GetRequiredService<Repricer>().RunAsync(from, to, dryRun, CancellationToken.None);
            await Print(report, output);
            return 0;
        });
    }

    private static bool TryParse(string[] args, out DateTime from, out DateTime to, out bool dryRun,
        out List<string> configuration, out string problem)
    {
        from = to = default;
        dryRun = false;
        configuration = [];
        string? fromText = null, toText = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--from" when i + 1 < args.Length:
                    fromText = args[++i];
                    break;
                case "--to" when i + 1 < args.Length:
                    toText = args[++i];
                    break;
                case "--dry-run":
                    dryRun = true;
                    break;
                case var setting when setting.StartsWith("--", StringComparison.Ordinal) && setting.Contains(':', StringComparison.Ordinal):
                    // A configuration override, as the worker takes them: --ConnectionStrings:CostWatch=...
                    configuration.Add(setting);
                    break;
                default:
                    problem = $"unknown or incomplete argument '{args[i]}'";
                    return false;
            }
        }

        if (!TryParseTime(fromText, "--from", out from, out problem) || !TryParseTime(toText, "--to", out to, out problem))
        {
            return false;
        }

        if (from >= to)
        {
            problem = $"--from ({fromText}) must be before --to ({toText})";
            return false;
        }

        return true;
    }

    private static bool TryParseTime(string? text, string name, out DateTime utc, out string problem)
    {
        utc = default;
        problem = "";
        if (text is null)
        {
            problem = $"{name} is required";
            return false;
        }

        if (!Rfc3339.TryParse(text, out var parsed))
        {
            problem = $"{name} '{text}' is not an RFC 3339 time such as {Rfc3339.Example}";
            return false;
        }

        utc = parsed.UtcDateTime;
        return true;
    }

    private static async Task Print(RepriceReport report, TextWriter output)
    {
        var rows = report.Models.Select(m => new[]
        {
            m.Model.Length == 0 ? "(no model)" : m.Model, Count(m.Calls), Count(m.ChangedCalls), Usd(m.CostBefore),
            Usd(m.CostAfter), Usd(m.CostAfter - m.CostBefore), $"{m.UnpricedBefore} -> {m.UnpricedAfter}",
        }).ToList();
        string[] total = ["total", Count(report.Calls), Count(report.ChangedCalls), Usd(report.CostBefore),
            Usd(report.CostAfter), Usd(report.CostAfter - report.CostBefore),
            $"{report.Models.Sum(m => m.UnpricedBefore)} -> {report.Models.Sum(m => m.UnpricedAfter)}"];
        await output.WriteLineAsync(
            $"Re-pricing calls from {report.From:yyyy-MM-ddTHH:mm:ssZ} to {report.To:yyyy-MM-ddTHH:mm:ssZ}" +
            (report.DryRun ? " (dry run: nothing was changed)" : ""));
        await output.WriteAsync(ConsoleTable.Format(
            ["model", "calls", "changed", "cost before (USD)", "cost after (USD)", "difference (USD)", "unpriced"], rows,
            total, keyColumns: 1));
    }

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Usd(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
