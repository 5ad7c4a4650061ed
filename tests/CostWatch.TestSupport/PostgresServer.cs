using System.Diagnostics;
using Npgsql;

namespace CostWatch.TestSupport;

/// <summary>
/// The PostgreSQL that tests run against: <c>COSTWATCH_TEST_PG</c> when set (as <c>scripts/test.sh</c> and CI do);
/// otherwise a throwaway cluster this test process starts from the server binaries installed on the machine,
/// the same way the script does, and stops when the process exits. Each test class takes a database of its own
/// from <see cref="CreateDatabaseAsync"/>.
/// </summary>
public static class PostgresServer
{
    public const string EnvironmentVariable = "COSTWATCH_TEST_PG";

    /// <summary>
    /// What the README asks of a PostgreSQL under sustained ingest: at initdb's 1 GB of WAL it checkpoints every few
    /// seconds, each followed by full-page images of every page written again. The benchmark's cluster and the demo
    /// stack both run with it.
    /// </summary>
    public const string SustainedIngestSetting = "max_wal_size=4GB";

    internal const string UnavailableReason = "PostgreSQL not available: set COSTWATCH_TEST_PG or install postgresql";

    private const string TestDatabasePrefix = "cw_test_";
    private const string ServerUser = "postgres";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    private static readonly string? Configured = NullIfEmpty(Environment.GetEnvironmentVariable(EnvironmentVariable));
    private static readonly Lazy<string?> BinDirectory = new(FindBinDirectory, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<string> Server = new(StartOrConfigured, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>True when <c>COSTWATCH_TEST_PG</c> is set or PostgreSQL server binaries are installed.</summary>
    public static bool IsAvailable => Configured is not null || BinDirectory.Value is not null;

    /// <summary>
    /// Server-level connection string (database <c>postgres</c> for the throwaway cluster). The first use starts
    /// the cluster; if that fails, every use throws the same error.
    /// </summary>
    public static string ConnectionString => Server.Value;

    /// <summary>
    /// Why a PostgreSQL test is skipped, or null when it must run: when PostgreSQL is available, and always in CI
    /// (<c>CI=true</c>), where a missing PostgreSQL has to fail the test rather than pass quietly.
    /// </summary>
    internal static string? SkipReason =>
        IsAvailable || Environment.GetEnvironmentVariable("CI") == "true" ? null : UnavailableReason;

    /// <summary>Creates an empty, uniquely named database and returns a connection string for it.</summary>
    public static async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var name = TestDatabasePrefix + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(name)}", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, ending any sessions still on it.</summary>
    public static async Task DropDatabaseAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        // COSTWATCH_TEST_PG may point at a shared server: never drop a database these helpers did not create.
        if (name is null || !name.StartsWith(TestDatabasePrefix, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Only databases created by CreateDatabaseAsync ({TestDatabasePrefix}...) are dropped, not '{name}'.",
                nameof(connectionString));
        }

        // Pooled connections to the database are about to be terminated; they must not be handed out again.
        await using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {QuoteIdentifier(name)} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Starts a throwaway cluster apart from the shared one and returns its server-level connection string; it is
    /// stopped when the process exits. <paramref name="durable"/> keeps fsync on and sets <c>max_wal_size</c> to the
    /// 4 GB the README asks of a server under sustained ingest, as in production (the benchmark measures with it);
    /// the tests' cluster runs without fsync, for speed.
    /// </summary>
    public static string StartThrowawayCluster(bool durable = false)
    {
        var binDirectory = BinDirectory.Value ?? throw new InvalidOperationException(UnavailableReason);
        var cluster = ThrowawayCluster.Start(binDirectory, durable);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Stop();
        return cluster.ConnectionString;
    }

    private static string StartOrConfigured() => Configured ?? StartThrowawayCluster();

    /// <summary>Same search as scripts/test.sh: pg_config's bindir, then initdb on PATH, then Debian's layout.</summary>
    private static string? FindBinDirectory()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return null;
        }

        var candidates = new List<string>();
        if (FindOnPath("pg_config") is { } pgConfig && TryRun(pgConfig, ["--bindir"], out var bindir))
        {
            candidates.Add(bindir.Trim());
        }

        if (FindOnPath("initdb") is { } initdb)
        {
            candidates.Add(Path.GetDirectoryName(initdb)!);
        }

        // /usr/lib/postgresql/<major>/bin, newest major first.
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .Select(directory => (Directory: directory, Major: int.TryParse(Path.GetFileName(directory), out var major) ? major : -1))
                .OrderByDescending(version => version.Major)
                .Select(version => Path.Combine(version.Directory, "bin")));
        }

        // libpq-dev alone also installs a pg_config, whose bindir holds no server: require initdb and pg_ctl.
        return candidates.FirstOrDefault(directory =>
            File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl")));
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);

    private static bool TryRun(string program, IReadOnlyList<string> arguments, out string output)
    {
        try
        {
            var result = ProcessRunner.Run(program, arguments, workingDirectory: null, CommandTimeout);
            output = result.Output;
            return result.ExitCode == 0;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            output = e.Message;
            return false;
        }
    }

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>
    /// A cluster in a temporary directory on a free loopback port, trust authentication, no fsync unless durable:
    /// fast to start and thrown away at exit. PostgreSQL refuses to run as root, so as root it runs as the postgres user.
    /// </summary>
    private sealed class ThrowawayCluster
    {
        private const int StartAttempts = 3;

        // The test host is killed shortly after the last test (VSTest does not wait for ProcessExit handlers to
        // finish), and a killed process runs none. This detached shell outlives it, waits for it to be gone,
        // then stops the server and deletes the directory. Arguments: pid, directory, the stop command.
        private const string Watchdog = """
            pid=$1; dir=$2; shift 2
            while kill -0 "$pid" 2>/dev/null; do sleep 1; done
            "$@"
            rm -rf "$dir"
            """;

        // Runs the watchdog in a session of its own (a Ctrl+C on the test run does not reach it), with no
        // descriptor of ours, so this launcher returns at once and the watchdog is nobody's child.
        private const string DetachedLauncher = """
            if command -v setsid >/dev/null 2>&1; then detach=setsid; else detach=; fi
            $detach /bin/sh -c "$0" "$@" </dev/null >/dev/null 2>&1 &
            """;

        private readonly string _binDirectory;
        private readonly string _directory;
        private readonly bool _durable;
        private int _stopped;

        private ThrowawayCluster(string binDirectory, string directory, int port, bool durable)
        {
            _binDirectory = binDirectory;
            _directory = directory;
            _durable = durable;
            ConnectionString = $"Host=127.0.0.1;Port={port};Username={ServerUser};Database=postgres";
        }

        public string ConnectionString { get; }

        private string DataDirectory => Path.Combine(_directory, "data");

        public static ThrowawayCluster Start(string binDirectory, bool durable = false)
        {
            var directory = Directory.CreateTempSubdirectory("costwatch-pg-").FullName;
            try
            {
                if (Environment.IsPrivilegedProcess)
                {
                    Check(ProcessRunner.Run("chown", [ServerUser, directory], null, CommandTimeout), "chown " + ServerUser);
                }

                Check(RunAsServerUser(directory, Path.Combine(binDirectory, "initdb"),
                    ["-D", Path.Combine(directory, "data"), "-A", "trust", "-U", ServerUser, "-E", "UTF8", "--locale=C", "--no-sync"]),
                    "initdb");

                // A free port can be taken by someone else before the server binds it: try another.
                for (var attempt = 1; ; attempt++)
                {
                    var cluster = new ThrowawayCluster(binDirectory, directory, FreePort.Next(), durable);
                    var result = cluster.TryStart();
                    if (result.ExitCode == 0)
                    {
                        cluster.StartWatchdog();
                        return cluster;
                    }

                    if (attempt == StartAttempts)
                    {
                        throw new InvalidOperationException(
                            $"PostgreSQL did not start in {directory}: {result.Output}\n{ReadLog(directory)}");
                    }
                }
            }
            catch
            {
                TryDelete(directory);
                throw;
            }
        }

        /// <summary>
        /// Stops the server and deletes its directory, for a process that exits normally. Runs in ProcessExit, so
        /// it never throws; if the process is killed first, the watchdog does the same.
        /// </summary>
        public void Stop()
        {
            if (Interlocked.Exchange(ref _stopped, 1) == 1)
            {
                return;
            }

            try
            {
                string[] stop = StopCommand();
                Check(ProcessRunner.Run(stop[0], stop[1..], _directory, CommandTimeout), "pg_ctl stop");
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"Could not stop the test PostgreSQL in {_directory}: {e.Message}");
            }

            TryDelete(_directory);
        }

        private static string ReadLog(string directory)
        {
            var log = Path.Combine(directory, "log");
            return File.Exists(log) ? File.ReadAllText(log) : "(no server log)";
        }

        private static void TryDelete(string directory)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"Could not delete {directory}: {e.Message}");
            }
        }

        private static ProcessResult RunAsServerUser(string directory, string program, IReadOnlyList<string> arguments)
        {
            string[] command = AsServerUser([program, .. arguments]);
            return ProcessRunner.Run(command[0], command[1..], directory, CommandTimeout);
        }

        /// <summary>The command line that runs <paramref name="command"/> as the postgres user when we are root.</summary>
        private static string[] AsServerUser(string[] command)
        {
            if (!Environment.IsPrivilegedProcess)
            {
                return command;
            }

            // runuser is util-linux's su for root, without PAM prompts; su is the fallback elsewhere.
            return File.Exists("/usr/sbin/runuser") || File.Exists("/sbin/runuser")
                ? ["runuser", "-u", ServerUser, "--", .. command]
                : ["su", ServerUser, "-s", "/bin/sh", "-c", string.Join(' ', command.Select(ShellQuote))];
        }

        private static void Check(ProcessResult result, string what)
        {
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"{what} failed with exit code {result.ExitCode}: {result.Output}");
            }
        }

        private static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

        private string[] StopCommand() =>
            AsServerUser([Path.Combine(_binDirectory, "pg_ctl"), "-D", DataDirectory, "-m", "immediate", "-w", "stop"]);

        private ProcessResult TryStart()
        {
            var port = new NpgsqlConnectionStringBuilder(ConnectionString).Port;
            var options = $"-p {port} -k {_directory} -c listen_addresses=127.0.0.1 -c max_connections=200"
                          + (_durable ? $" -c {SustainedIngestSetting}" : " -c fsync=off");
            return RunAsServerUser(_directory, Path.Combine(_binDirectory, "pg_ctl"),
                ["-D", DataDirectory, "-o", options, "-l", Path.Combine(_directory, "log"), "-w", "-t", "60", "start"]);
        }

        private void StartWatchdog()
        {
            string[] arguments =
                ["-c", DetachedLauncher, Watchdog, "costwatch-pg-watchdog", Environment.ProcessId.ToString(), _directory, .. StopCommand()];
            Check(ProcessRunner.Run("/bin/sh", arguments, _directory, CommandTimeout), "starting the cleanup watchdog");
        }
    }

    private readonly record struct ProcessResult(int ExitCode, string Output);

    /// <summary>Runs a program to completion, capturing stdout and stderr together, killing it after a timeout.</summary>
    private static class ProcessRunner
    {
        public static ProcessResult Run(string program, IReadOnlyList<string> arguments, string? workingDirectory, TimeSpan timeout)
        {
            var startInfo = new ProcessStartInfo(program)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
                WorkingDirectory = workingDirectory ?? string.Empty,
            };
            foreach (var argument in arguments)
            {
                startInfo.ArgumentList.Add(argument);
            }

            using var process = Process.Start(startInfo)
                ?? throw new InvalidOperationException($"Could not start {program}.");
            process.StandardInput.Close();
            // Read both streams concurrently so neither pipe fills up and blocks the child.
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"{program} did not finish within {timeout}.");
            }

            process.WaitForExit();
            return new ProcessResult(process.ExitCode, (stdout.Result + stderr.Result).Trim());
        }
    }
}
