namespace CostWatch.Storage;

/// <summary>
/// One record table's columns, in order, with how to read each value from a record. Both dialects write
/// rows from this one definition, so the stores cannot drift apart column by column.
/// </summary>
internal sealed class TableShape<T>(string name, IReadOnlyList<TableColumn<T>> columns)
{
    public string Name { get; } = name;

    public IReadOnlyList<TableColumn<T>> Columns { get; } = columns;

    public string ColumnList { get; } = string.Join(", ", columns.Select(c => c.Name));
}
