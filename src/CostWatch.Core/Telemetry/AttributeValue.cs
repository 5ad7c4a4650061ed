using System.Globalization;

namespace CostWatch.Core.Telemetry;

/// <summary>One OTLP <c>AnyValue</c> of the scalar kinds CostWatch reads.</summary>
public readonly struct AttributeValue
{
    private readonly string? _string;
    private readonly long _int;
    private readonly double _double;

    private AttributeValue(AttributeValueKind kind, string? s, long i, double d)
    {
        Kind = kind;
        _string = s;
        _int = i;
        _double = d;
    }

    public AttributeValueKind Kind { get; }

    public static AttributeValue Other { get; } = new(AttributeValueKind.Other, null, 0, 0);

    public static AttributeValue FromString(string value) => new(AttributeValueKind.String, value, 0, 0);

    public static AttributeValue FromBool(bool value) => new(AttributeValueKind.Bool, null, value ? 1 : 0, 0);

    public static AttributeValue FromInt(long value) => new(AttributeValueKind.Int, null, value, 0);

    public static AttributeValue FromDouble(double value) => new(AttributeValueKind.Double, null, 0, value);

    /// <summary>The value as text, for identifiers (model, agent, session); numbers are formatted invariantly.</summary>
    public string? AsText() => Kind switch
    {
        AttributeValueKind.String => _string,
        AttributeValueKind.Int => _int.ToString(CultureInfo.InvariantCulture),
        AttributeValueKind.Double => _double.ToString("R", CultureInfo.InvariantCulture),
        AttributeValueKind.Bool => _int != 0 ? "true" : "false",
        _ => null,
    };

    /// <summary>
    /// Reads a whole number that may arrive as <c>intValue</c>, an integral <c>doubleValue</c> or a string.
    /// </summary>
    public bool TryGetWholeNumber(out long value)
    {
        switch (Kind)
        {
            case AttributeValueKind.Int:
                value = _int;
                return true;
            case AttributeValueKind.Double when double.IsFinite(_double) && Math.Floor(_double) == _double
                                               && Math.Abs(_double) < 9.0e18:
                value = (long)_double;
                return true;
            case AttributeValueKind.String:
                return long.TryParse(_string, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
            default:
                value = 0;
                return false;
        }
    }

    /// <summary>Reads an amount of money exactly: strings and integers directly, doubles by their shortest form.</summary>
    public bool TryGetDecimal(out decimal value)
    {
        switch (Kind)
        {
            case AttributeValueKind.Int:
                value = _int;
                return true;
            case AttributeValueKind.Double when double.IsFinite(_double):
                // The shortest round-trip text of the double is what the emitter meant ("0.0123", not 0.01229999...).
                return decimal.TryParse(_double.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float,
                    CultureInfo.InvariantCulture, out value);
            case AttributeValueKind.String:
                return decimal.TryParse(_string, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
            default:
                value = 0;
                return false;
        }
    }

    public bool TryGetBool(out bool value)
    {
        switch (Kind)
        {
            case AttributeValueKind.Bool:
                value = _int != 0;
                return true;
            case AttributeValueKind.String:
                return bool.TryParse(_string, out value);
            default:
                value = false;
                return false;
        }
    }

    public override string ToString() => AsText() ?? Kind.ToString();
}
