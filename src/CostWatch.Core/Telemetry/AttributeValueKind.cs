namespace CostWatch.Core.Telemetry;

public enum AttributeValueKind : byte
{
    None,
    String,
    Bool,
    Int,
    Double,

    /// <summary>An array, key-value list or bytes: never a value CostWatch reads.</summary>
    Other,
}
