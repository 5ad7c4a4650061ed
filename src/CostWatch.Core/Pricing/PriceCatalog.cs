using System.Collections.Concurrent;

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

    /// <summary>
    /// The lookup forms of each model id seen, per route prefix: every LLM call is priced at ingest and again by the
    /// metrics, and deriving the forms (several regular expressions) cost more than the rest of the match. The forms
    /// depend on the id alone, so they are kept for the life of this snapshot; ids are telemetry, so the number kept
    /// is capped and ids past the cap are derived each time.
    /// </summary>
    private readonly ConcurrentDictionary<(string Model, string? RoutePrefix), IReadOnlyList<string>> _forms = new();

    private const int MaxRememberedForms = 4_096;

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
        var response = string.IsNullOrWhiteSpace(responseModel) ? null : responseModel;
        var request = string.IsNullOrWhiteSpace(requestModel)
                      || string.Equals(requestModel, response, StringComparison.OrdinalIgnoreCase)
            ? null
            : requestModel;

        if (_user.HasEntries
            && (MatchUser(response, provider, at) ?? MatchUser(request, provider, at)) is { } userEntry)
        {
            return userEntry;
        }

        // A call from Azure asking for gpt-4o is azure/gpt-4o in LiteLLM's file: try the provider's keys first.
        var routePrefix = ProviderNames.ToLiteLlm(provider);
        return MatchBuiltIn(response, routePrefix, provider, at) ?? MatchBuiltIn(request, routePrefix, provider, at);
    }

    private PriceEntry? MatchUser(string? model, string? provider, DateTime at)
    {
        if (model is null)
        {
            return null;
        }

        foreach (var form in Forms(model, null))
        {
            if ((_user.FindById(form, provider, at) ?? _user.FindByPattern(form, provider, at)) is { } entry)
            {
                return entry;
            }
        }

        return null;
    }

    private PriceEntry? MatchBuiltIn(string? model, string? routePrefix, string? provider, DateTime at)
    {
        if (model is null)
        {
            return null;
        }

        foreach (var form in Forms(model, routePrefix))
        {
            if (_builtIn.FindById(form, provider, at) is { } entry)
            {
                return entry;
            }
        }

        return null;
    }

    private IReadOnlyList<string> Forms(string model, string? routePrefix)
    {
        if (_forms.TryGetValue((model, routePrefix), out var forms))
        {
            return forms;
        }

        forms = ModelIdNormalizer.Candidates(model, routePrefix);
        if (_forms.Count < MaxRememberedForms)
        {
            _forms.TryAdd((model, routePrefix), forms);
        }

        return forms;
    }
}
