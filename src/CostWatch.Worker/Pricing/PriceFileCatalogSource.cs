using System.Security.Cryptography;
using System.Text;
using CostWatch.Core.Pricing;
using CostWatch.Worker.Hosting;
using CostWatch.Worker.Observability;
using Microsoft.Extensions.Options;

namespace CostWatch.Worker.Pricing;

/// <summary>
/// The built-in catalog with the user's price files (<c>CostWatch:Pricing:Files</c>) on top. The files are read
/// when the host is built: one that is missing or invalid stops the start, through
/// <see cref="ConfigurationCheck"/>. While the worker runs, the files are read again every
/// <see cref="PricingOptions.ReloadInterval"/> and compared by content; a changed file that parses replaces its
/// entries and the whole catalog is swapped at once, a changed file that does not is logged and its previous
/// entries stay in force.
/// </summary>
/// <remarks>
/// Polling rather than <see cref="FileSystemWatcher"/>: a Kubernetes ConfigMap is updated by swapping a symlink
/// over the directory, which inotify on the file does not see, and polling on the DI <see cref="TimeProvider"/>
/// can be driven by a fake clock in tests. Reading a few small files every ten seconds costs nothing measurable.
/// </remarks>
internal sealed class PriceFileCatalogSource : IPriceCatalogSource, IStartupCheck, IHostedService, IDisposable
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly WatchedPriceFile[] _files;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly ILogger<PriceFileCatalogSource> _logger;
    private readonly List<string> _startupFailures = [];
    private PriceCatalog? _catalog;
    private ITimer? _timer;
    private int _checking;

    public PriceFileCatalogSource(IOptions<PricingOptions> options, TimeProvider time, ILogger<PriceFileCatalogSource> logger)
    {
        _time = time;
        _logger = logger;
        _interval = options.Value.ReloadInterval;
        _files = options.Value.Files
            .Select((path, i) => new WatchedPriceFile($"{PricingOptions.Section}:Files:{i}", path))
            .ToArray();

        foreach (var file in _files)
        {
            LoadAtStartup(file);
        }

        if (_startupFailures.Count == 0)
        {
            _catalog = BuildCatalog();
            if (_files.Length > 0)
            {
                Log.PriceFilesLoaded(_logger, _catalog.UserEntries.Count, _files.Length);
            }
        }
    }

    public PriceCatalog Current => Volatile.Read(ref _catalog) ?? throw new InvalidOperationException(
        "The price files could not be loaded at start-up:" + Environment.NewLine + string.Join(Environment.NewLine, _startupFailures));

    public IReadOnlyList<string> StartupFailures => _startupFailures;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_files.Length > 0 && _catalog is not null)
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

    private void LoadAtStartup(WatchedPriceFile file)
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(file.Path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            _startupFailures.Add($"{file.ConfigKey}: {file.Path}: file not found (looked for {Path.GetFullPath(file.Path)}).");
            return;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _startupFailures.Add($"{file.ConfigKey}: {file.Path}: could not be read: {e.Message}");
            return;
        }

        try
        {
            file.Apply(SHA256.HashData(content), Parse(file.Path, content));
        }
        catch (PriceFileException e)
        {
            _startupFailures.AddRange(e.Errors.Select(error => $"{file.ConfigKey}: {error}"));
        }
    }

    private void CheckForChanges()
    {
        // A check slower than the interval (a hung network mount) must not pile up behind itself.
        if (Interlocked.Exchange(ref _checking, 1) == 1)
        {
            return;
        }

        try
        {
            var changed = false;
            foreach (var file in _files)
            {
                changed |= Reload(file);
            }

            if (changed)
            {
                Volatile.Write(ref _catalog, BuildCatalog());
            }
        }
        catch (Exception e)
        {
            // On a timer thread an exception would end the process; the prices in force stay and the next
            // check tries again.
            Log.PriceFileCheckFailed(_logger, e);
        }
        finally
        {
            Volatile.Write(ref _checking, 0);
        }
    }

    /// <returns>Whether the file's entries changed.</returns>
    private bool Reload(WatchedPriceFile file)
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(file.Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var problem = "unreadable: " + e.Message;
            if (file.LoggedProblem != problem)
            {
                file.LoggedProblem = problem;
                Log.PriceFileUnreadable(_logger, file.Path, e.Message);
            }

            return false;
        }

        var hash = SHA256.HashData(content);
        if (hash.AsSpan().SequenceEqual(file.AppliedHash))
        {
            file.LoggedProblem = null;
            return false;
        }

        try
        {
            var entries = Parse(file.Path, content);
            file.Apply(hash, entries);
            Log.PriceFileReloaded(_logger, file.Path, entries.Count);
            return true;
        }
        catch (PriceFileException e)
        {
            var problem = "rejected: " + Convert.ToHexString(hash);
            if (file.LoggedProblem != problem)
            {
                file.LoggedProblem = problem;
                Log.PriceFileRejected(_logger, file.Path, e.Errors.Count, string.Join(Environment.NewLine, e.Errors));
            }

            return false;
        }
    }

    // A later file wins over an earlier one, and the catalog lets earlier entries win: so the last file goes first.
    private PriceCatalog BuildCatalog() =>
        BuiltInPriceCatalog.Catalog.WithUserEntries(_files.Reverse().SelectMany(file => file.Entries));

    private static IReadOnlyList<PriceEntry> Parse(string path, byte[] content)
    {
        var bytes = content.AsSpan();
        if (bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new PriceFileException(path, [$"{path}: not UTF-8 text"]);
        }

        return UserPriceFile.Parse(path, text);
    }
}
