using System.Diagnostics;
using CostWatch.TestSupport;
using CostWatch.Worker.Tests.Hosting;
using Npgsql;

namespace CostWatch.Worker.Tests.DemoStack;

/// <summary>
/// The Dockerfile without Docker: its build stage replayed (the files it copies, its <c>dotnet restore</c> and
/// <c>dotnet publish</c> commands with their arguments, in a directory of their own like a build context), then the
/// published worker started with the image's ENV on PostgreSQL and the image's HEALTHCHECK run against it.
/// </summary>
public sealed class DockerfileTests
{
    private static readonly Dockerfile Image = Dockerfile.Read(RepositoryFiles.Read("Dockerfile"));

    [Fact]
    public void FinalStage_IsCostWatchOnPostgres_RunAsNonRoot_WithAHealthcheckOnReadyz()
    {
        Assert.Equal("costwatch", Image.FinalStage);
        Assert.Equal("Postgres", Image.Environment("costwatch")["CostWatch__Storage__Provider"]);
        Assert.Equal("$APP_UID", Assert.Single(Image.In("costwatch", "USER")).Arguments);
        Assert.Equal("$APP_UID", Assert.Single(Image.In("simulator", "USER")).Arguments);
        Assert.Equal(["dotnet", "CostWatch.Worker.dll", "healthcheck"], Dockerfile.ExecForm(Assert.Single(Image.In("costwatch", "HEALTHCHECK")).Arguments));
        Assert.Equal(["dotnet", "CostWatch.Worker.dll"], Dockerfile.ExecForm(Assert.Single(Image.In("costwatch", "ENTRYPOINT")).Arguments));
        Assert.Equal(["dotnet", "CostWatch.Simulator.dll"], Dockerfile.ExecForm(Assert.Single(Image.In("simulator", "ENTRYPOINT")).Arguments));
    }

    [PostgresFact]
    public async Task BuildStage_Publishes_AndThePublishedWorkerPassesTheImagesHealthcheck()
    {
        var context = Directory.CreateTempSubdirectory("costwatch-docker-build-").FullName;
        var database = await PostgresServer.CreateDatabaseAsync();
        try
        {
            var workdir = Assert.Single(Image.In("build", "WORKDIR")).Arguments;
            ReplayCopies(context);
            foreach (var run in Image.In("build", "RUN"))
            {
                foreach (var command in run.Arguments.Split("&&", StringSplitOptions.TrimEntries))
                {
                    await RunDotnetAsync(context, workdir, command);
                }
            }

            var worker = PublishedDirectory(context, "costwatch");
            var simulator = PublishedDirectory(context, "simulator");
            Assert.True(File.Exists(Path.Combine(worker, "appsettings.json")), "appsettings.json is not published");
            Assert.True(File.Exists(Path.Combine(simulator, "CostWatch.Simulator.dll")), "the simulator is not published");

            // The image's ENV, the connection string compose gives it, and free ports instead of 4317/4318.
            var environment = new Dictionary<string, string>(Image.Environment("costwatch"))
            {
                ["ConnectionStrings__CostWatch"] = database,
                ["Kestrel__Endpoints__Http__Url"] = $"http://0.0.0.0:{FreePort.Next()}",
                ["Kestrel__Endpoints__Grpc__Url"] = $"http://0.0.0.0:{FreePort.Next()}",
            };
            var entrypoint = Dockerfile.ExecForm(Assert.Single(Image.In("costwatch", "ENTRYPOINT")).Arguments);
            var log = new System.Text.StringBuilder();
            using var running = Start(worker, entrypoint, environment, log);
            try
            {
                var healthcheck = Dockerfile.ExecForm(Assert.Single(Image.In("costwatch", "HEALTHCHECK")).Arguments);
                var (exitCode, output) = await Eventually.GetAsync(() => RunToEndAsync(worker, healthcheck, environment),
                    result => result.ExitCode == 0 || running.HasExited, "the image's healthcheck to pass", timeoutSeconds: 60);
                Assert.True(exitCode == 0, $"healthcheck: {output}\nworker:\n{log}");
                Assert.Contains("\"provider\":\"Postgres\"", output, StringComparison.Ordinal);
            }
            finally
            {
                running.Kill(entireProcessTree: true);
                await running.WaitForExitAsync();
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await PostgresServer.DropDatabaseAsync(database);
            Directory.Delete(context, recursive: true);
        }
    }

    /// <summary>The build stage's COPY instructions, into <paramref name="context"/> (standing for WORKDIR), without bin/ and obj/ (.dockerignore).</summary>
    private static void ReplayCopies(string context)
    {
        foreach (var copy in Image.In("build", "COPY"))
        {
            Assert.DoesNotContain("--from", copy.Arguments, StringComparison.Ordinal);
            var parts = copy.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var destination = Path.Combine(context, parts[^1] == "./" ? "" : parts[^1]);
            foreach (var source in parts[..^1])
            {
                var from = RepositoryFiles.PathOf(source.TrimEnd('/'));
                if (Directory.Exists(from))
                {
                    CopyDirectory(from, destination);
                }
                else
                {
                    Directory.CreateDirectory(destination);
                    File.Copy(from, Path.Combine(destination, Path.GetFileName(from)), overwrite: true);
                }
            }
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }

        foreach (var directory in Directory.GetDirectories(from).Where(d => Path.GetFileName(d) is not ("bin" or "obj")))
        {
            CopyDirectory(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }

    /// <summary>Runs one <c>dotnet</c> command of a RUN line as written, absolute paths (WORKDIR, /out) mapped into the context.</summary>
    private static async Task RunDotnetAsync(string context, string workdir, string command)
    {
        var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("dotnet", words[0]);
        var arguments = words[1..].Select(word => word.StartsWith('/') ? MapPath(context, workdir, word) : word).ToArray();
        var (exitCode, output) = await RunToEndAsync(context, [DotnetHost(), .. arguments], new Dictionary<string, string>
        {
            // Build servers would outlive the test: none.
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
            ["UseSharedCompilation"] = "false",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        }, TimeSpan.FromMinutes(10));
        Assert.True(exitCode == 0, $"dotnet {string.Join(' ', arguments)} failed:\n{output}");
    }

    private static string MapPath(string context, string workdir, string path) =>
        path.StartsWith(workdir, StringComparison.Ordinal)
            ? Path.Combine(context, path[workdir.Length..].TrimStart('/'))
            : Path.Combine(context, path.TrimStart('/'));

    /// <summary>Where the stage's <c>COPY --from=build /out/x ./</c> takes its files from, in the context.</summary>
    private static string PublishedDirectory(string context, string stage)
    {
        var copy = Assert.Single(Image.In(stage, "COPY"), c => c.Arguments.StartsWith("--from=build", StringComparison.Ordinal));
        var path = Path.Combine(context, copy.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1].TrimStart('/'));
        Assert.True(Directory.Exists(path), $"{path} was not published");
        return path;
    }

    private static Process Start(string directory, string[] command, IReadOnlyDictionary<string, string> environment,
        System.Text.StringBuilder log)
    {
        var process = Process.Start(Describe(directory, command, environment))
            ?? throw new InvalidOperationException($"could not start {command[0]}");
        DataReceivedEventHandler append = (_, e) =>
        {
            lock (log)
            {
                log.AppendLine(e.Data);
            }
        };
        process.OutputDataReceived += append;
        process.ErrorDataReceived += append;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<(int ExitCode, string Output)> RunToEndAsync(string directory, string[] command,
        IReadOnlyDictionary<string, string> environment, TimeSpan? timeout = null)
    {
        using var process = Process.Start(Describe(directory, command, environment))
            ?? throw new InvalidOperationException($"could not start {command[0]}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static ProcessStartInfo Describe(string directory, string[] command, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(command[0] == "dotnet" ? DotnetHost() : command[0])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command[1..])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    private static string DotnetHost() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
}
