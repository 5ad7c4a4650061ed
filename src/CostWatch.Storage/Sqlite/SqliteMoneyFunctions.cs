using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

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
        // Registered on the handle rather than with CreateAggregate: a cost query sums tens of thousands of rows, and
        // this reads each amount as the UTF-8 bytes SQLite holds, without a managed string per row.
        var added = raw.sqlite3_create_function(connection.Handle, "decimal_sum", 1,
            raw.SQLITE_UTF8 | raw.SQLITE_DETERMINISTIC, null, SumStep, SumFinal);
        if (added != raw.SQLITE_OK)
        {
            throw new SqliteException($"decimal_sum could not be registered ({added}).", added);
        }

        // Orders decimal text by value (ORDER BY decimal_sum(x) COLLATE decimal), exactly.
        connection.CreateCollation(DecimalCollation, (a, b) => Parse(a).CompareTo(Parse(b)));
    }

    public static decimal Parse(string text) => decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    public static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Decimal text as UTF-8 bytes: what <see cref="Format"/> writes (an optional minus, up to 19 digits, an optional
    /// point) read directly, anything else by <see cref="decimal.Parse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider?)"/>.
    /// </summary>
    public static decimal ParseUtf8(ReadOnlySpan<byte> text)
    {
        var negative = text.Length > 0 && text[0] == (byte)'-';
        ulong digits = 0;
        var count = 0;
        var scale = -1;
        for (var i = negative ? 1 : 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == (byte)'.' && scale < 0)
            {
                scale = 0;
                continue;
            }

            var digit = (uint)(c - '0');
            if (digit > 9 || count == 19)
            {
                return decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            }

            digits = (digits * 10) + digit;
            count++;
            scale += scale >= 0 ? 1 : 0;
        }

        return count == 0 || scale == 0
            ? decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)
            : new decimal((int)(uint)digits, (int)(uint)(digits >> 32), 0, negative, (byte)Math.Max(scale, 0));
    }

    private static void SumStep(sqlite3_context context, object userData, sqlite3_value[] args)
    {
        if (raw.sqlite3_value_type(args[0]) == raw.SQLITE_NULL)
        {
            return;
        }

        try
        {
            var total = context.state as MoneyTotal ?? (MoneyTotal)(context.state = new MoneyTotal());
            total.Sum += ParseUtf8(raw.sqlite3_value_blob(args[0]));
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            // Thrown into SQLite's native frame it would end the process; as the statement's error it reaches the caller.
            raw.sqlite3_result_error(context, $"decimal_sum: {e.Message}");
        }
    }

    private static void SumFinal(sqlite3_context context, object userData)
    {
        if (context.state is MoneyTotal total)
        {
            raw.sqlite3_result_text(context, Format(total.Sum));
        }
        else
        {
            raw.sqlite3_result_null(context);
        }
    }

    /// <summary>One group's running sum.</summary>
    private sealed class MoneyTotal
    {
        public decimal Sum;
    }
}
