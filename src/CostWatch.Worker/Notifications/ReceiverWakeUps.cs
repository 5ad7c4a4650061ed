namespace CostWatch.Worker.Notifications;

/// <summary>
/// Wakes a receiver's delivery loop when notices were queued for it, so a notice goes out moments after it is made
/// instead of at the next poll. A wake-up that finds the loop busy is kept for its next wait.
/// </summary>
internal sealed class ReceiverWakeUps
{
    private readonly Dictionary<string, TaskCompletionSource> _signals = new(StringComparer.Ordinal);

    public void Wake(string receiver)
    {
        lock (_signals)
        {
            Signal(receiver).TrySetResult();
        }
    }

    /// <summary>Waits until woken or until <paramref name="poll"/> has passed on <paramref name="time"/>.</summary>
    public async Task WaitAsync(string receiver, TimeSpan poll, TimeProvider time, CancellationToken cancellationToken)
    {
        Task signal;
        lock (_signals)
        {
            signal = Signal(receiver).Task;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await Task.WhenAny(signal, Task.Delay(poll, time, timeout.Token));
        await timeout.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
        lock (_signals)
        {
            if (_signals.TryGetValue(receiver, out var current) && current.Task.IsCompleted)
            {
                _signals.Remove(receiver);
            }
        }
    }

    private TaskCompletionSource Signal(string receiver)
    {
        if (!_signals.TryGetValue(receiver, out var signal))
        {
            signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _signals[receiver] = signal;
        }

        return signal;
    }
}
