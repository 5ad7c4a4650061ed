using CostWatch.Storage;
using CostWatch.TestSupport.Rollups;
using CostWatch.Worker.Commands;
using CostWatch.Worker.Tests.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace CostWatch.Worker.Tests.Commands;

/// <summary>The <c>costs</c> command: in-process for its exact output and argument errors, and as the worker binary.</summary>
public sealed class CostsCommandTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 30, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("costwatch-costs-").FullName;

    private string ConnectionString => $"Data Source={Path.Combine(_directory, "costwatch.db")}";

    public async Task InitializeAsync()
    {
        await TelemetryStoreFactory.Create(StorageProvider.Sqlite, ConnectionString).MigrateAsync(default);
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task PrintsAnAlignedTable_TotalsLast()
    {
        var start = Now.AddHours(-3);
        await SeedAsync(
            new RollupCall { Start = start, Agent = "researcher", Model = "gpt-4o", InputTokens = 12_000, CacheReadTokens = 2_000, OutputTokens = 800, CostUsd = 0.0335m },
            new RollupCall { Start = start.AddMinutes(5), Agent = "researcher", Model = "gpt-4o", InputTokens = 1_000, OutputTokens = 100, CostUsd = 0.0035m },
            new RollupCall { Start = start.AddMinutes(9), Agent = "writer", Model = "mystery", InputTokens = 50, OutputTokens = 5 },
            new RollupCall { Start = Now.AddDays(-3), Agent = "writer", Model = "gpt-4o", InputTokens = 1, CostUsd = 1m });
        var (exit, output, error) = await RunInProcessAsync("--since", "24h", "--by", "agent,model");

        Assert.Equal("", error);
        Assert.Equal(0, exit);
        Assert.Equal(
            """
            Costs from 2026-11-24T12:00:00Z to 2026-11-25T12:00:00Z, by agent, model

            agent       model    calls   input  cache read  cache write  output  reasoning  cost (USD)  unpriced
            researcher  gpt-4o       2  13,000       2,000            0     900          0       0.037         0
            writer      mystery      1      50           0            0       5          0     unknown         1
            ----------  -------  -----  ------  ----------  -----------  ------  ---------  ----------  --------
            total                    3  13,050       2,000            0     905          0       0.037         1

            """.ReplaceLineEndings(), output);
    }

    [Fact]
    public async Task WithAStep_PrintsABucketColumn()
    {
        await SeedAsync(
            new RollupCall { Start = Now.AddHours(-2), Agent = "a", CostUsd = 0.5m },
            new RollupCall { Start = Now.AddHours(-1), Agent = "a", CostUsd = 0.25m });

        var (exit, output, _) = await RunInProcessAsync("--from", "2026-11-25T00:00:00Z", "--to=2026-11-25T12:00:00Z", "--by", "agent", "--step", "1h",
            "--filter", "agent=a");

        Assert.Equal(0, exit);
        Assert.Contains("a      2026-11-25T10:00:00Z      1", output);
        Assert.Contains("a      2026-11-25T11:00:00Z      1", output);
        Assert.Contains("total", output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries)[^1]);
        Assert.Contains("0.75", output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries)[^1]);
    }

    [Theory]
    [InlineData("--since yesterday", "--since must be a positive whole number")]
    [InlineData("--by colour", "--by: groupBy: unknown dimension 'colour'")]
    [InlineData("--frm 2026-11-25T00:00:00Z", "unknown option '--frm'")]
    [InlineData("--since 1h --from 2026-11-25T00:00:00Z", "--since: give either since or from")]
    [InlineData("--from 2026-11-25", "--from: from must be an RFC 3339 date-time")]
    [InlineData("--step 2h", "--step: step must be 1m, 1h or 1d")]
    [InlineData("--filter agent", "--filter must be <dimension>=<value>")]
    [InlineData("--filter colour=red", "--filter: unknown parameter 'colour'")]
    [InlineData("--by", "--by needs a value")]
    [InlineData("--CostWatch:Api:MaxRows=0", "CostWatch:Api:MaxRows must be greater than 0")]
    public async Task BadArguments_ExitWith2_AndSayWhy(string arguments, string message)
    {
        var (exit, output, error) = await RunInProcessAsync(arguments.Split(' '));

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains(message, error);
    }

    [Fact]
    public async Task AMissingSqliteFile_IsReported_NotCreated()
    {
        var path = Path.Combine(_directory, "elsewhere", "none.db");
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await CostsCommand.RunAsync(["--ConnectionStrings:CostWatch=Data Source=" + path], output, error,
            new FakeTimeProvider(Now));

        Assert.Equal(1, exit);
        Assert.Contains("there is no SQLite database at", error.ToString());
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task WorkerBinary_RunsTheCommand_AndRefusesBadArgumentsWithExitCode2()
    {
        var now = DateTimeOffset.UtcNow;
        await SeedAsync(
            new RollupCall { Start = now.AddHours(-2), Agent = "researcher", Model = "gpt-4o", InputTokens = 10, CostUsd = 0.000001m },
            new RollupCall { Start = now.AddHours(-1), Agent = "writer", Model = "gpt-4o", InputTokens = 20, CostUsd = 0.000002m });

        var (exit, output) = await WorkerProcess.RunCommandAsync("costs", "--since", "24h", "--by", "agent",
            $"--ConnectionStrings:CostWatch={ConnectionString}");
        var (badExit, badOutput) = await WorkerProcess.RunCommandAsync("costs", "--by", "colour",
            $"--ConnectionStrings:CostWatch={ConnectionString}");

        Assert.True(exit == 0, output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("researcher", lines[2]);
        Assert.StartsWith("writer", lines[3]);
        Assert.Matches(@"^total\s+2\s+30\s.*\s0\.000003\s+0$", lines[^1]);
        Assert.Equal(2, badExit);
        Assert.Contains("unknown dimension 'colour'", badOutput);
    }

    private async Task SeedAsync(params RollupCall[] calls) =>
        await RollupTableWriter.WriteAsync(StorageProvider.Sqlite, ConnectionString, RollupBuckets.From(calls));

    private async Task<(int Exit, string Output, string Error)> RunInProcessAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CostsCommand.RunAsync([.. args, $"--ConnectionStrings:CostWatch={ConnectionString}"], output, error,
            new FakeTimeProvider(Now));
        return (exit, output.ToString(), error.ToString());
    }
}
