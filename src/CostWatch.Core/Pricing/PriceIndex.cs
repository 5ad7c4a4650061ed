using System.Text.RegularExpressions;

namespace CostWatch.Core.Pricing;

/// <summary>
/// The entries of one precedence level (user or built-in) arranged for lookup: exact ids by lower-cased id,
/// patterns in the order given. Every id or pattern keeps all its effective-dated versions, latest first.
/// </summary>
internal sealed class PriceIndex
{
    // A user's pattern must not stall pricing: a pathological one simply fails to match.
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(50);

    private readonly Dictionary<string, PriceEntry[]> _byId;
    private readonly (Regex Regex, PriceEntry[] Versions)[] _patterns;
    private readonly bool _providerRestricts;

    /// <param name="entries">The entries; for equal keys and dates the earlier one wins.</param>
    /// <param name="providerRestricts">
    /// Whether an entry's provider excludes calls from other providers (user entries), or is only descriptive
    /// (built-in entries, whose provider preference is expressed through route prefixes instead).
    /// </param>
    public PriceIndex(IEnumerable<PriceEntry> entries, bool providerRestricts)
    {
        _providerRestricts = providerRestricts;
        var byId = new Dictionary<string, List<PriceEntry>>(StringComparer.Ordinal);
        var byPattern = new Dictionary<string, List<PriceEntry>>(StringComparer.Ordinal);
        var patternOrder = new List<string>();
        foreach (var entry in entries)
        {
            if ((entry.Id is null) == (entry.Pattern is null))
            {
                throw new ArgumentException($"Price entry '{entry.Key}' from {entry.Source} needs exactly one of id and pattern.");
            }

            if (entry.Id is not null)
            {
                Versions(byId, entry.Id.Trim().ToLowerInvariant()).Add(entry);
            }
            else
            {
                if (!byPattern.ContainsKey(entry.Pattern!))
                {
                    patternOrder.Add(entry.Pattern!);
                }

                Versions(byPattern, entry.Pattern!).Add(entry);
            }
        }

        _byId = byId.ToDictionary(pair => pair.Key, pair => LatestFirst(pair.Value), StringComparer.Ordinal);
        _patterns = patternOrder
            .Select(pattern => (Compile(pattern), LatestFirst(byPattern[pattern])))
            .ToArray();
    }

    public bool HasEntries => _byId.Count > 0 || _patterns.Length > 0;

    public PriceEntry? FindById(string form, string? callProvider, DateTime at) =>
        _byId.TryGetValue(form, out var versions) ? InForce(versions, callProvider, at) : null;

    public PriceEntry? FindByPattern(string form, string? callProvider, DateTime at)
    {
        foreach (var (regex, versions) in _patterns)
        {
            if (Matches(regex, form) && InForce(versions, callProvider, at) is { } entry)
            {
                return entry;
            }
        }

        return null;
    }

    // The version in force at the call's start: the latest whose effective date is not after it.
    private PriceEntry? InForce(PriceEntry[] versions, string? callProvider, DateTime at)
    {
        foreach (var entry in versions)
        {
            if ((entry.EffectiveFrom ?? DateTime.MinValue) <= at
                && (!_providerRestricts || entry.Provider is null || ProviderNames.Agree(entry.Provider, callProvider)))
            {
                return entry;
            }
        }

        return null;
    }

    private static List<PriceEntry> Versions(Dictionary<string, List<PriceEntry>> index, string key)
    {
        if (!index.TryGetValue(key, out var versions))
        {
            versions = [];
            index[key] = versions;
        }

        return versions;
    }

    // Stable: among versions with the same date the one given first stays first.
    private static PriceEntry[] LatestFirst(List<PriceEntry> versions) =>
        versions.OrderByDescending(entry => entry.EffectiveFrom ?? DateTime.MinValue).ToArray();

    private static Regex Compile(string pattern) =>
        new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, PatternTimeout);

    private static bool Matches(Regex regex, string form)
    {
        try
        {
            return regex.IsMatch(form);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
