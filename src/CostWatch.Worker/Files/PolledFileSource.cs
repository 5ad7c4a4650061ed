using CostWatch.Worker.Hosting;

namespace CostWatch.Worker.Files;

/// <summary>
/// Files whose content is in force while CostWatch runs (price files, the rules file). They are read when the
/// host is built: one that is missing or invalid stops the start, through <see cref="ConfigurationCheck"/>. While
/// the worker runs they are read again every interval and compared by content; a changed file that parses is put
/// in force, one that does not is reported once and its previous content stays.
/// </summary>
/// <remarks>
/// Polling rather than <see cref="FileSystemWatcher"/>: a Kubernetes ConfigMap is updated by swapping a symlink
/// over the directory, which inotify on the file does not see, and polling on the DI <see cref="TimeProvider"/>
/// can be driven by a fake clock in tests. Reading a few small files every ten seconds costs nothing measurable.
/// </remarks>
/// <typeparam name="T">What one file parses into.</typeparam>
internal abstract class PolledFileSource<T> : IStartupCheck, IHostedService, IDisposable where T : class
{
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly List<string> _startupFailures = [];
    private ITimer? _timer;
    private int _checking;

    protected PolledFileSource(IReadOnlyList<WatchedFile<T>> files, TimeSpan interval, TimeProvider time)
    {
        Files = files;
        _interval = interval;
        _time = time;
        foreach (var file in files)
        {
            _startupFailures.AddRange(file.Load());
        }
    }

    public IReadOnlyList<string> StartupFailures => _startupFailures;

    protected IReadOnlyList<WatchedFile<T>> Files { get; }

    /// <summary>Whether every file loaded at start-up; if not, the host does not start.</summary>
    protected bool Loaded => _startupFailures.Count == 0;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Files.Count > 0 && Loaded)
        {
            _timer = _time.CreateTimer(_ => CheckForChanges(), null, _interval, _interval);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _timer?.Dispose();

    /// <summary>Files whose new content was put in force by one check, in configured order.</summary>
    protected abstract void OnApplied(IReadOnlyList<WatchedFile<T>> files);

    /// <summary>A file changed but its content has errors; called once per rejected version.</summary>
    protected abstract void OnRejected(WatchedFile<T> file, IReadOnlyList<string> errors);

    /// <summary>A file is gone or cannot be read; called once until it can be read again.</summary>
    protected abstract void OnUnreadable(WatchedFile<T> file, string reason);

    /// <summary>A check failed unexpectedly; what is in force stays and the next check tries again.</summary>
    protected abstract void OnCheckFailed(Exception exception);

    private void CheckForChanges()
    {
        // A check slower than the interval (a hung network mount) must not pile up behind itself.
        if (Interlocked.Exchange(ref _checking, 1) == 1)
        {
            return;
        }

        try
        {
            var applied = new List<WatchedFile<T>>();
            foreach (var file in Files)
            {
                var check = file.Check();
                switch (check.Change)
                {
                    case WatchedFileChange.Applied:
                        applied.Add(file);
                        break;
                    case WatchedFileChange.Rejected when check.IsNewProblem:
                        OnRejected(file, check.Errors);
                        break;
                    case WatchedFileChange.Unreadable when check.IsNewProblem:
                        OnUnreadable(file, check.Errors[0]);
                        break;
                }
            }

            if (applied.Count > 0)
            {
                OnApplied(applied);
            }
        }
        catch (Exception e)
        {
            // On a timer thread an exception would end the process.
            OnCheckFailed(e);
        }
        finally
        {
            Volatile.Write(ref _checking, 0);
        }
    }
}
