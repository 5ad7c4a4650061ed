using CostWatch.Core.Ingest;
using CostWatch.Core.Pricing;
using CostWatch.Core.Records;
using CostWatch.Storage;
using CostWatch.Worker.Commands;

namespace CostWatch.Worker.Tests.Commands;

/// <summary>
/// The <c>reprice</c> command, in-process on a SQLite store: a call stored with a stale cost (as an older
/// catalog priced it) is shown by the dry run and corrected by the run; bad arguments exit 2.
/// </summary>
public sealed class RepriceCommandTests : IAsyncLifetime
{
    private static readonly DateTime Start = new(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);
    private readonly string _directory = Directory.CreateTempSubdirectory("costwatch-reprice-").FullName;
    private readonly Guid _trace = Guid.NewGuid();

    private string ConnectionString => $"Data Source={Path.Combine(_directory, "costwatch.db")}";

    public async Task InitializeAsync()
    {
        var store = TelemetryStoreFactory.Create(StorageProvider.Sqlite, ConnectionString);
        await store.MigrateAsync(default);
        var batch = new NormalizedBatch();
        batch.LlmCalls.Add(new LlmCall
        {
            TraceId = _trace,
            SpanId = 1,
            StartTime = Start,
            EndTime = Start.AddSeconds(2),
            ReceivedAt = Start.AddSeconds(3),
            Operation = "chat",
            Provider = "openai",
            RequestModel = "gpt-4o-2024-08-06",
            InputTokens = 1_200,
            OutputTokens = 350,
            AgentName = "researcher",
            Attribution = AttributionState.Own,
            CostUsd = 1m,
            CostSource = CostSource.Computed,
            PriceEntry = "gpt-4o-old",
            PriceSource = PriceEntry.BuiltInSource,
        });
        await store.WriteAsync([batch], default);
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task DryRun_ShowsTheDifference_ThenTheRunCorrectsTheStoredCost()
    {
        var dry = await RunAsync("--from", "2026-11-20T00:00:00Z", "--to", "2026-11-21T00:00:00Z", "--dry-run");
        Assert.Equal(0, dry.Exit);
        Assert.Contains("(dry run: nothing was changed)", dry.Output);
        Assert.Matches(@"gpt-4o-2024-08-06\s+1\s+1\s+1\s+0\.0065", dry.Output);
        Assert.Equal(1m, (await StoredCallAsync()).CostUsd);

        var run = await RunAsync("--from", "2026-11-20T00:00:00Z", "--to", "2026-11-21T00:00:00Z");

        Assert.Equal(0, run.Exit);
        Assert.DoesNotContain("dry run", run.Output);
        var call = await StoredCallAsync();
        // USD 2.50 and 10 per million input and output tokens (the built-in gpt-4o-2024-08-06 entry).
        Assert.Equal(0.0065m, call.CostUsd);
        Assert.Equal("gpt-4o-2024-08-06", call.PriceEntry);
    }

    [Theory]
    [InlineData("--to 2026-11-21T00:00:00Z", "--from is required")]
    [InlineData("--from yesterday --to 2026-11-21T00:00:00Z", "--from 'yesterday' is not an RFC 3339 time")]
    [InlineData("--from 2026-11-21T00:00:00Z --to 2026-11-20T00:00:00Z", "must be before --to")]
    [InlineData("--from 2026-11-20T00:00:00Z --to 2026-11-21T00:00:00Z --force", "unknown or incomplete argument '--force'")]
    public async Task BadArguments_ExitWith2_AndSayWhy(string arguments, string message)
    {
        var (exit, output, error) = await RunAsync(arguments.Split(' '));

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

        var exit = await RepriceCommand.RunAsync(["--from", "2026-11-20T00:00:00Z", "--to", "2026-11-21T00:00:00Z",
            "--ConnectionStrings:CostWatch=Data Source=" + path], output, error);

        Assert.Equal(1, exit);
        Assert.Contains("reprice: there is no SQLite database at", error.ToString());
        Assert.False(File.Exists(path));
    }

    private async Task<LlmCall> StoredCallAsync() =>
        Assert.Single(await TelemetryStoreFactory.Create(StorageProvider.Sqlite, ConnectionString)
            .GetLlmCallsAsync(_trace, default));

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await RepriceCommand.RunAsync([.. args, $"--ConnectionStrings:CostWatch={ConnectionString}"], output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
