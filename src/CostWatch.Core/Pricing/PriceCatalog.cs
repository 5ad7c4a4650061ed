namespace CostWatch.Core.Pricing;

/// <summary>
/// An immutable snapshot of the prices in force: the built-in entries and the user's entries, which always win.
/// Safe to share between threads; a reload builds a new catalog (<see cref="WithUserEntries"/>).
/// </summary>
public sealed class PriceCatalog
{
    private readonly PriceEntry[] _builtInEntries;
    private readonly PriceIndex _builtIn;
    private readonly PriceIndex _user;

    public PriceCatalog(IEnumerable<PriceEntry> builtInEntries, IEnumerable<PriceEntry> userEntries)
        : this(builtInEntries.ToArray(), userEntries.ToArray())
    {
    }

    private PriceCatalog(PriceEntry[] builtInEntries, PriceEntry[] userEntries, PriceIndex? builtInIndex = null)
    {
        _builtInEntries = builtInEntries;
        UserEntries = userEntries;
        _builtIn = builtInIndex ?? new PriceIndex(builtInEntries, providerRestricts: false);
        _user = new PriceIndex(userEntries, providerRestricts: true);
    }

    public static PriceCatalog Empty { get; } = new([], []);

    public IReadOnlyList<PriceEntry> BuiltInEntries => _builtInEntries;

    /// <summary>In precedence order: for equal ids and dates, an earlier entry wins over a later one.</summary>
    public IReadOnlyList<PriceEntry> UserEntries { get; }

    /// <summary>The same built-in entries (their index is reused) with a new set of user entries.</summary>
    public PriceCatalog WithUserEntries(IEnumerable<PriceEntry> userEntries) =>
        new(_builtInEntries, userEntries.ToArray(), _builtIn);

    /// <summary>
    /// The entry that prices a call, or null when no entry knows the model (the call is then unpriced).
    /// User entries are searched first, then built-in ones; within each, the response model before the request
    /// model, and for each model its forms from <see cref="ModelIdNormalizer.Candidates"/>, most specific
    /// first. Only an entry in force at <paramref name="at"/> (the call's start, UTC) can match.
    /// </summary>
    public PriceEntry? Match(string? provider, string? responseModel, string? requestModel, DateTime at)
    {
        string[] models = [.. new[] { responseModel, requestModel }
            .Where(model => !string.IsNullOrWhiteSpace(model))
            .Select(model => model!)
            .Distinct(StringComparer.OrdinalIgnoreCase)];

        foreach (var model in models)
        {
            foreach (var form in ModelIdNormalizer.Candidates(model))
            {
                if ((_user.FindById(form, provider, at) ?? _user.FindByPattern(form, provider, at)) is { } entry)
                {
                    return entry;
                }
            }
        }

        // A call from Azure asking for gpt-4o is azure/gpt-4o in LiteLLM's file: try the provider's keys first.
        var routePrefix = ProviderNames.ToLiteLlm(provider);
        foreach (var model in models)
        {
            foreach (var form in ModelIdNormalizer.Candidates(model, routePrefix))
            {
                if (_builtIn.FindById(form, provider, at) is { } entry)
                {
                    return entry;
                }
            }
        }

        return null;
    }
}
