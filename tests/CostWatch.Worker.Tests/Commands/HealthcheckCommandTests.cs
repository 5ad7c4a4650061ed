using CostWatch.TestSupport;
using CostWatch.Worker.Commands;
using CostWatch.Worker.Tests.Hosting;
using Microsoft.Extensions.Configuration;

namespace CostWatch.Worker.Tests.Commands;

/// <summary><c>healthcheck</c>, the container image's HEALTHCHECK: the worker's own <c>/readyz</c> from its configuration.</summary>
public sealed class HealthcheckCommandTests
{
    [Theory]
    [InlineData("http://0.0.0.0:4318", "http://127.0.0.1:4318/readyz")]
    [InlineData("http://*:4318", "http://127.0.0.1:4318/readyz")]
    [InlineData("http://+:8080/", "http://127.0.0.1:8080/readyz")]
    [InlineData("http://[::]:4318", "http://[::1]:4318/readyz")]
    [InlineData("http://costwatch.internal:4318", "http://costwatch.internal:4318/readyz")]
    [InlineData("https://10.0.0.7", "https://10.0.0.7/readyz")]
    public void ReadinessUrl_PointsAtTheHostKestrelListensOn(string kestrelUrl, string expected)
    {
        Assert.Equal(new Uri(expected), HealthcheckCommand.ReadinessUrl(kestrelUrl));
    }

    [Theory]
    [InlineData("4318")]
    [InlineData("tcp://0.0.0.0:4318")]
    [InlineData("http://0.0.0.0:4318/otlp")]
    public void ReadinessUrl_OfAnUnreadableUrl_IsNull(string kestrelUrl)
    {
        Assert.Null(HealthcheckCommand.ReadinessUrl(kestrelUrl));
    }

    [Fact]
    public async Task AgainstAReadyWorker_ExitsZero()
    {
        await using var worker = await WorkerHost.StartAsync();
        var port = new Uri(worker.HttpUrl).Port;

        var (exitCode, output, error) = await RunAsync($"http://0.0.0.0:{port}");

        Assert.True(exitCode == 0, error);
        Assert.Contains("\"status\":\"ready\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithNothingListening_ExitsOne_AndSaysWhy()
    {
        var (exitCode, _, error) = await RunAsync($"http://0.0.0.0:{FreePort.Next()}");

        Assert.Equal(1, exitCode);
        Assert.Contains("/readyz", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithAnUnreadableUrl_ExitsTwo_NamingTheKey()
    {
        var (exitCode, _, error) = await RunAsync("0.0.0.0:4318");

        Assert.Equal(2, exitCode);
        Assert.Contains("Kestrel:Endpoints:Http:Url", error, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string httpUrl)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Kestrel:Endpoints:Http:Url"] = httpUrl })
            .Build();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await HealthcheckCommand.RunAsync(configuration, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}
