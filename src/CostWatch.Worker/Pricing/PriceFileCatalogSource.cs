using CostWatch.Core.Pricing;
using CostWatch.Worker.Files;
using CostWatch.Worker.Observability;
using Microsoft.Extensions.Options;

namespace CostWatch.Worker.Pricing;

/// <summary>
/// The built-in catalog with the user's price files (<c>CostWatch:Pricing:Files</c>) on top, read at start-up and
/// every <see cref="PricingOptions.ReloadInterval"/> (see <see cref="PolledFileSource{T}"/>). Each file is taken or
/// rejected on its own; when any changed, the whole catalog is swapped at once.
/// </summary>
internal sealed class PriceFileCatalogSource : PolledFileSource<IReadOnlyList<PriceEntry>>, IPriceCatalogSource
{
    private readonly ILogger<PriceFileCatalogSource> _logger;
    private PriceCatalog? _catalog;

    public PriceFileCatalogSource(IOptions<PricingOptions> options, TimeProvider time, ILogger<PriceFileCatalogSource> logger)
        : base(Watch(options.Value.Files), options.Value.ReloadInterval, time)
    {
        _logger = logger;
        if (Loaded)
        {
            _catalog = BuildCatalog();
            if (Files.Count > 0)
            {
                Log.PriceFilesLoaded(_logger, _catalog.UserEntries.Count, Files.Count);
            }
        }
    }

    public PriceCatalog Current => Volatile.Read(ref _catalog) ?? throw new InvalidOperationException(
        "The price files could not be loaded at start-up:" + Environment.NewLine + string.Join(Environment.NewLine, StartupFailures));

    protected override void OnApplied(IReadOnlyList<WatchedFile<IReadOnlyList<PriceEntry>>> files)
    {
        foreach (var file in files)
        {
            Log.PriceFileReloaded(_logger, file.Path, file.Value!.Count);
        }

        Volatile.Write(ref _catalog, BuildCatalog());
    }

    protected override void OnRejected(WatchedFile<IReadOnlyList<PriceEntry>> file, IReadOnlyList<string> errors) =>
        Log.PriceFileRejected(_logger, file.Path, errors.Count, string.Join(Environment.NewLine, errors));

    protected override void OnUnreadable(WatchedFile<IReadOnlyList<PriceEntry>> file, string reason) =>
        Log.PriceFileUnreadable(_logger, file.Path, reason);

    protected override void OnCheckFailed(Exception exception) => Log.PriceFileCheckFailed(_logger, exception);

    private static WatchedFile<IReadOnlyList<PriceEntry>>[] Watch(List<string> paths) =>
        paths.Select((path, i) => new WatchedFile<IReadOnlyList<PriceEntry>>(
            $"{PricingOptions.Section}:Files:{i}", path, text => Parse(path, text))).ToArray();

    private static IReadOnlyList<PriceEntry> Parse(string path, string text)
    {
        try
        {
            return UserPriceFile.Parse(path, text);
        }
        catch (PriceFileException e)
        {
            throw new InvalidFileException(e.Errors);
        }
    }

    // A later file wins over an earlier one, and the catalog lets earlier entries win: so the last file goes first.
    private PriceCatalog BuildCatalog() =>
        BuiltInPriceCatalog.Catalog.WithUserEntries(Files.Reverse().SelectMany(file => file.Value ?? []));
}
