using System.Data.Common;
using CostWatch.Worker.Observability;
using CostWatch.Worker.Storage;

namespace CostWatch.Worker.Notifications;

/// <summary>
/// Runs the dispatcher on the registered <see cref="TimeProvider"/>: one loop takes the outbox and queues due notices
/// every <see cref="PollInterval"/>, and each receiver has a loop of its own that sends its notices, so a receiver that
/// is down or slow never delays another. A hosted loop rather than a Quartz job: a job's catch-up runs after a jump
/// of the clock would bunch deliveries, and a receiver's loop must be woken the moment its notice is queued.
/// With no receiver configured, nothing runs and the outbox keeps its events.
/// </summary>
internal sealed class NotificationService(
    NotificationDispatcher dispatcher,
    NotificationReceivers receivers,
    NotificationMetrics metrics,
    StoreReadiness readiness,
    TimeProvider time,
    ILogger<NotificationService> logger) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan PruneInterval = TimeSpan.FromHours(1);

    private readonly ReceiverWakeUps _wakeUps = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!receivers.Enabled)
        {
            return;
        }

        metrics.StartAtZero(receivers.Names);
        Log.NotificationsStarted(logger, string.Join(", ", receivers.Names));
        var delivering = receivers.Names.Select(name => Task.Run(() => DeliverLoopAsync(name, stoppingToken), CancellationToken.None)).ToList();
        try
        {
            await DispatchLoopAsync(stoppingToken);
        }
        finally
        {
            await Task.WhenAll(delivering).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task DispatchLoopAsync(CancellationToken stoppingToken)
    {
        var lastPrune = DateTime.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (readiness.SchemaReady)
            {
                try
                {
                    foreach (var receiver in await dispatcher.DispatchAsync(stoppingToken))
                    {
                        _wakeUps.Wake(receiver);
                    }

                    await dispatcher.RefreshQueueDepthAsync(stoppingToken);
                    var now = time.GetUtcNow().UtcDateTime;
                    if (now - lastPrune >= PruneInterval)
                    {
                        await dispatcher.PruneAsync(stoppingToken);
                        lastPrune = now;
                    }
                }
                catch (Exception e) when (e is DbException or TimeoutException && !stoppingToken.IsCancellationRequested)
                {
                    Log.DispatchFailed(logger, e);
                }
            }

            if (!await DelayAsync(PollInterval, stoppingToken))
            {
                return;
            }
        }
    }

    private async Task DeliverLoopAsync(string receiver, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var attempted = 0;
            if (readiness.SchemaReady)
            {
                try
                {
                    attempted = await dispatcher.DeliverDueAsync(receiver, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (e is DbException or TimeoutException)
                {
                    Log.DeliveryStoreFailed(logger, receiver, e);
                }
            }

            // A full batch means more may be due: take it at once.
            if (attempted == NotificationDispatcher.DeliveryBatch)
            {
                continue;
            }

            try
            {
                await _wakeUps.WaitAsync(receiver, PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, time, stoppingToken);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
