namespace CostWatch.Storage;

/// <summary>The kinds of column the record tables have; each dialect maps them to its own types.</summary>
internal enum ColumnType
{
    TraceId,
    SpanId,
    NullableSpanId,
    Time,
    Text,
    NullableText,
    Long,
    Short,
    NullableInt,
    Bool,
    Money,
}
