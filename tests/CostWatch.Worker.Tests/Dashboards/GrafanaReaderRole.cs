using System.Diagnostics;
using CostWatch.TestSupport;
using CostWatch.Worker.Tests.DemoStack;
using Npgsql;

namespace CostWatch.Worker.Tests.Dashboards;

/// <summary>
/// The read-only role Grafana's PostgreSQL datasource uses, created the way the compose stack creates it: psql
/// runs <c>deploy/postgres/grafana-reader.sql</c> with the same variables. Roles are cluster-wide, so each test
/// database gets a role of its own, dropped after the database.
/// </summary>
internal sealed class GrafanaReaderRole
{
    private GrafanaReaderRole(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    /// <summary>The test database, logged in as the reader.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates the role on <paramref name="databaseConnectionString"/>'s database, for tables its user owns or will create.</summary>
    public static async Task<GrafanaReaderRole> CreateAsync(string databaseConnectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(databaseConnectionString);
        var name = $"grafana_reader_{Guid.NewGuid():N}"[..28];
        var password = Guid.NewGuid().ToString("N");
        var start = new ProcessStartInfo(FindPsql())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            ArgumentList =
            {
                "--no-psqlrc", "-h", database.Host!, "-p", database.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-U", database.Username!, "-d", database.Database!,
                "-v", $"reader={name}", "-v", $"reader_password={password}", "-v", $"owner={database.Username}",
                "-f", RepositoryFiles.PathOf("deploy/postgres/grafana-reader.sql"),
            },
        };
        if (database.Password is { } serverPassword)
        {
            start.Environment["PGPASSWORD"] = serverPassword;
        }

        using var psql = Process.Start(start) ?? throw new InvalidOperationException("could not start psql");
        var output = psql.StandardOutput.ReadToEndAsync();
        var error = psql.StandardError.ReadToEndAsync();
        await psql.WaitForExitAsync();
        if (psql.ExitCode != 0)
        {
            throw new InvalidOperationException($"grafana-reader.sql failed ({psql.ExitCode}): {await output}{await error}");
        }

        var reader = new NpgsqlConnectionStringBuilder(databaseConnectionString) { Username = name, Password = password, Pooling = false };
        return new GrafanaReaderRole(name, reader.ConnectionString);
    }

    /// <summary>Drops the role; call after the database it was granted on is gone.</summary>
    public async Task DropAsync()
    {
        await using var connection = new NpgsqlConnection(PostgresServer.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP ROLE IF EXISTS \"{Name}\"", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string FindPsql() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "psql"))
            .Concat(Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").Order(StringComparer.Ordinal).Reverse().Select(d => Path.Combine(d, "bin", "psql"))
                : [])
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("psql not found: install Debian's postgresql-client (the postgresql package brings it)");
}
