namespace CostWatch.Core.Telemetry;

/// <summary>
/// The known attributes of one span (or resource), indexed by <see cref="GenAiAttribute"/>, and the attributes
/// of custom cost dimensions, indexed by their <see cref="CostDimension.CustomSlot"/>. Reused from span to span
/// by the decoders, so decoding allocates nothing for attributes CostWatch does not read.
/// </summary>
public sealed class SpanAttributes
{
    private readonly AttributeValue[] _values = new AttributeValue[GenAiAttributeNames.Count];
    private readonly GenAiAttribute[] _set = new GenAiAttribute[GenAiAttributeNames.Count];
    private int _setCount;
    private AttributeValue[]? _custom;
    private int _customSet;

    public bool IsEmpty => _setCount == 0;

    public void Set(GenAiAttribute key, AttributeValue value)
    {
        if (value.Kind == AttributeValueKind.None)
        {
            // An absent value is not a value: recording it would also list the key twice.
            return;
        }

        ref var slot = ref _values[(int)key];
        if (slot.Kind == AttributeValueKind.None)
        {
            _set[_setCount++] = key;
        }

        slot = value;
    }

    public bool Has(GenAiAttribute key) => _values[(int)key].Kind != AttributeValueKind.None;

    public bool TryGet(GenAiAttribute key, out AttributeValue value)
    {
        value = _values[(int)key];
        return value.Kind != AttributeValueKind.None;
    }

    /// <summary>Records the value of a custom dimension's attribute (slots below <see cref="CostDimensions.MaxCount"/>).</summary>
    public void SetCustom(int slot, AttributeValue value)
    {
        if (value.Kind == AttributeValueKind.None)
        {
            return;
        }

        _custom ??= new AttributeValue[CostDimensions.MaxCount];
        _custom[slot] = value;
        _customSet |= 1 << slot;
    }

    public bool TryGetCustom(int slot, out AttributeValue value)
    {
        if ((_customSet & 1 << slot) != 0)
        {
            value = _custom![slot];
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>The first of <paramref name="keys"/> that is present, in order of preference.</summary>
    public bool TryGetFirst(ReadOnlySpan<GenAiAttribute> keys, out GenAiAttribute found, out AttributeValue value)
    {
        foreach (var key in keys)
        {
            if (TryGet(key, out value))
            {
                found = key;
                return true;
            }
        }

        found = default;
        value = default;
        return false;
    }

    /// <summary>The first non-empty text among <paramref name="keys"/>.</summary>
    public string? FirstText(ReadOnlySpan<GenAiAttribute> keys)
    {
        foreach (var key in keys)
        {
            if (TryGet(key, out var value) && value.AsText() is { Length: > 0 } text)
            {
                return text;
            }
        }

        return null;
    }

    public void Clear()
    {
        for (var i = 0; i < _setCount; i++)
        {
            _values[(int)_set[i]] = default;
        }

        _setCount = 0;
        if (_customSet != 0)
        {
            Array.Clear(_custom!);
            _customSet = 0;
        }
    }
}
