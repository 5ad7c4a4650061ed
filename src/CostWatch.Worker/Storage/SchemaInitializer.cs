using System.Data.Common;
using CostWatch.Storage;
using CostWatch.Worker.Observability;

namespace CostWatch.Worker.Storage;

/// <summary>
/// Migrates the store at start-up. A schema newer than this build stops the host before it listens. A store
/// that cannot be reached does not: the worker starts, <c>/readyz</c> and ingest answer 503, and the
/// migration is retried until it succeeds, so a database that starts after CostWatch needs no restart.
/// </summary>
internal sealed class SchemaInitializer(
    ITelemetryStore store, StoreReadiness readiness, TimeProvider time, IHostApplicationLifetime lifetime,
    ILogger<SchemaInitializer> logger)
    : IHostedService, IDisposable
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);
    private readonly CancellationTokenSource _stopping = new();
    private Task _retries = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await MigrateAsync(cancellationToken);
        }
        catch (SchemaTooNewException e)
        {
            Log.SchemaTooNew(logger, e.Message);
            throw;
        }
        catch (Exception e) when (e is DbException or TimeoutException or IOException)
        {
            _retries = RetryAsync(e, _stopping.Token);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _retries.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose() => _stopping.Dispose();

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var status = await store.MigrateAsync(cancellationToken);
        readiness.MarkSchemaReady();
        Log.SchemaReady(logger, store.Provider.ToString(), status.Current);
    }

    private async Task RetryAsync(Exception first, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        var error = first;
        while (!cancellationToken.IsCancellationRequested)
        {
            Log.MigrationRetry(logger, store.Provider.ToString(), delay, error);
            try
            {
                await Task.Delay(delay, time, cancellationToken);
                await MigrateAsync(cancellationToken);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (SchemaTooNewException e)
            {
                // Found only now because the store was unreachable at start: stop the host all the same.
                Log.SchemaTooNew(logger, e.Message);
                Environment.ExitCode = 1;
                lifetime.StopApplication();
                return;
            }
            catch (Exception e) when (e is DbException or TimeoutException or IOException)
            {
                error = e;
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }
}
