using System.Globalization;
using Microsoft.Data.Sqlite;

namespace CostWatch.Storage.Sqlite;

/// <summary>
/// Exact money arithmetic for SQL on SQLite, where amounts are decimal text: SQLite's own <c>sum()</c> and
/// <c>+</c> would turn them into doubles. <c>decimal_sum(x)</c> aggregates, <c>decimal_add(a, b)</c> adds,
/// <c>decimal_negate(x)</c> negates; all ignore NULL operands and return decimal text.
/// </summary>
internal static class SqliteMoneyFunctions
{
    public const string DecimalCollation = "decimal";

    public static void Register(SqliteConnection connection)
    {
        connection.CreateFunction<string?, string?, string?>("decimal_add",
            (a, b) => a is null ? b : b is null ? a : Format(Parse(a) + Parse(b)), isDeterministic: true);
        connection.CreateFunction<string?, string?>("decimal_negate",
            a => a is null ? null : Format(-Parse(a)), isDeterministic: true);
        connection.CreateAggregate<string?, decimal?, string?>("decimal_sum", null,
            (total, value) => value is null ? total : (total ?? 0m) + Parse(value),
            total => total is { } sum ? Format(sum) : null, isDeterministic: true);
        // Orders decimal text by value (ORDER BY decimal_sum(x) COLLATE decimal), exactly.
        connection.CreateCollation(DecimalCollation, (a, b) => Parse(a).CompareTo(Parse(b)));
    }

    public static decimal Parse(string text) => decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    public static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
