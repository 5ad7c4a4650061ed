namespace CostWatch.Storage;

/// <summary>A column and how to take its value from a record: Guid, ulong, DateTime, decimal, string, number or bool.</summary>
internal sealed record TableColumn<T>(string Name, ColumnType Type, Func<T, object?> Get);
