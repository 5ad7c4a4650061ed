using System.Text;

namespace CostWatch.Core.Telemetry;

/// <summary>
/// The custom cost dimensions (<c>CostWatch:Costs:Dimensions</c>): which span or resource attribute each is read
/// from, arranged so that the decoders can tell in a few instructions whether an attribute key they would
/// otherwise skip is one to capture. Immutable; built once at start-up.
/// </summary>
public sealed class CostDimensions
{
    /// <summary>Most dimensions one deployment may configure: every one multiplies the rollup rows.</summary>
    public const int MaxCount = 20;

    /// <summary>Longer values are cut to this many characters: a dimension is a label, not a payload.</summary>
    public const int MaxValueLength = 256;

    // A key of 63 bytes or more shares the last bit of the length filter.
    private const int LongKeyBit = 63;

    private readonly CostDimension[] _dimensions;
    private readonly Dictionary<string, int> _customSlots;
    private readonly byte[][] _customKeysUtf8;
    private readonly ulong _customKeyLengths;

    private CostDimensions(CostDimension[] dimensions, Dictionary<string, int> customSlots)
    {
        _dimensions = dimensions;
        _customSlots = customSlots;
        _customKeysUtf8 = new byte[customSlots.Count][];
        foreach (var (key, slot) in customSlots)
        {
            _customKeysUtf8[slot] = Encoding.UTF8.GetBytes(key);
            _customKeyLengths |= 1UL << Math.Min(_customKeysUtf8[slot].Length, LongKeyBit);
        }
    }

    /// <summary>The built-in dimensions of the cost API, which a custom one may not shadow.</summary>
    public static IReadOnlySet<string> BuiltInNames { get; } =
        new HashSet<string>(["agent", "session", "model", "provider", "service", "user", "tool"], StringComparer.Ordinal);

    /// <summary>By name in ordinal order: the key order of the canonical JSON.</summary>
    public IReadOnlyList<CostDimension> Dimensions => _dimensions;

    /// <summary>Attributes captured into custom slots (those CostWatch does not read anyway).</summary>
    public int CustomKeyCount => _customKeysUtf8.Length;

    /// <summary>The dimensions of <paramref name="attributeKeyByName"/>, or null when there are none (nothing to capture).</summary>
    /// <exception cref="ArgumentException">More than <see cref="MaxCount"/> dimensions, an empty attribute key, or one that carries content.</exception>
    public static CostDimensions? From(IReadOnlyDictionary<string, string> attributeKeyByName)
    {
        if (attributeKeyByName.Count == 0)
        {
            return null;
        }

        if (attributeKeyByName.Count > MaxCount)
        {
            throw new ArgumentException($"At most {MaxCount} cost dimensions, got {attributeKeyByName.Count}.", nameof(attributeKeyByName));
        }

        var customSlots = new Dictionary<string, int>(StringComparer.Ordinal);
        var dimensions = new List<CostDimension>();
        foreach (var (name, key) in attributeKeyByName.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (string.IsNullOrEmpty(key))
            {
                throw new ArgumentException($"Cost dimension '{name}' has no attribute key.", nameof(attributeKeyByName));
            }

            if (ContentAttributeNames.IsContent(key))
            {
                throw new ArgumentException($"Cost dimension '{name}' names {key}, which carries content CostWatch never reads.", nameof(attributeKeyByName));
            }

            if (GenAiAttributeNames.TryGet(key, out var known))
            {
                dimensions.Add(new CostDimension(name, key, known, -1));
                continue;
            }

            if (!customSlots.TryGetValue(key, out var slot))
            {
                slot = customSlots.Count;
                customSlots[key] = slot;
            }

            dimensions.Add(new CostDimension(name, key, null, slot));
        }

        return new CostDimensions([.. dimensions], customSlots);
    }

    /// <summary>The custom slot of a UTF-8 attribute key, without allocating; false for almost every key at the cost of a length test.</summary>
    public bool TryGetCustomSlot(ReadOnlySpan<byte> utf8Key, out int slot)
    {
        if ((_customKeyLengths & 1UL << Math.Min(utf8Key.Length, LongKeyBit)) != 0)
        {
            for (var i = 0; i < _customKeysUtf8.Length; i++)
            {
                if (utf8Key.SequenceEqual(_customKeysUtf8[i]))
                {
                    slot = i;
                    return true;
                }
            }
        }

        slot = -1;
        return false;
    }

    public bool TryGetCustomSlot(string key, out int slot)
    {
        if (_customSlots.TryGetValue(key, out slot))
        {
            return true;
        }

        slot = -1;
        return false;
    }
}
