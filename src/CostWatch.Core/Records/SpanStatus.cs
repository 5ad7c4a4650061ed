namespace CostWatch.Core.Records;

/// <summary>The OTLP span status code, stored as its number.</summary>
public enum SpanStatus : short
{
    Unset = 0,
    Ok = 1,
    Error = 2,
}
