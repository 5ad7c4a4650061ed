using System.Globalization;
using System.Text;
using CostWatch.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace CostWatch.Storage.Tests.Sqlite;

/// <summary>
/// <c>decimal_sum</c> reads amounts as UTF-8 bytes with a fast path for what the store writes: it must read every
/// text exactly as <see cref="decimal.Parse(string, NumberStyles, IFormatProvider?)"/> does, and fail a statement,
/// not the process, on text that is no number.
/// </summary>
public sealed class SqliteMoneyFunctionsTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-0.5")]
    [InlineData("0.000000000000000001")]
    [InlineData("9999999999999999999")]
    [InlineData("99999999999999999999")]
    [InlineData("1234.0000000000000001")]
    [InlineData("79228162514264337593543950335")]
    [InlineData("1E-7")]
    [InlineData("2.5e3")]
    [InlineData("12.")]
    [InlineData(".5")]
    [InlineData(" 7")]
    public void ParseUtf8_ReadsEveryNumber_AsDecimalParseDoes(string text)
    {
        Assert.Equal(SqliteMoneyFunctions.Parse(text), SqliteMoneyFunctions.ParseUtf8(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void ParseUtf8_ReadsWhatTheStoreWrites_Exactly()
    {
        var random = new Random(5);
        for (var i = 0; i < 100_000; i++)
        {
            var value = new decimal(random.Next(), random.Next(), random.Next(0, 3), random.Next(2) == 0, (byte)random.Next(0, 29));
            var text = SqliteMoneyFunctions.Format(value);

            var parsed = SqliteMoneyFunctions.ParseUtf8(Encoding.UTF8.GetBytes(text));

            Assert.True(parsed == SqliteMoneyFunctions.Parse(text) && SqliteMoneyFunctions.Format(parsed) == text, text);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("1.2.3")]
    [InlineData("twelve")]
    public void ParseUtf8_RefusesWhatDecimalParseRefuses(string text)
    {
        Assert.Throws<FormatException>(() => SqliteMoneyFunctions.Parse(text));
        Assert.Throws<FormatException>(() => SqliteMoneyFunctions.ParseUtf8(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public async Task DecimalSum_SumsExactly_IgnoresNull_AndFailsTheStatementOnText()
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        SqliteMoneyFunctions.Register(connection);

        Assert.Equal("0.30000000000000000001", await ScalarAsync(connection,
            "SELECT decimal_sum(x) FROM (SELECT '0.1' AS x UNION ALL SELECT '0.20000000000000000001' UNION ALL SELECT NULL)"));
        Assert.Null(await ScalarAsync(connection, "SELECT decimal_sum(x) FROM (SELECT NULL AS x)"));
        var error = await Assert.ThrowsAsync<SqliteException>(() =>
            ScalarAsync(connection, "SELECT decimal_sum(x) FROM (SELECT '1' AS x UNION ALL SELECT 'n/a')"));
        Assert.Contains("decimal_sum", error.Message, StringComparison.Ordinal);
        Assert.Equal("3", await ScalarAsync(connection, "SELECT decimal_sum(x) FROM (SELECT '1' AS x UNION ALL SELECT '2')"));
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }
}
