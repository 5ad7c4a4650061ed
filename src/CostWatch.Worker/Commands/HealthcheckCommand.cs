using System.Text.RegularExpressions;

namespace CostWatch.Worker.Commands;

/// <summary>
/// <c>CostWatch.Worker healthcheck</c>: asks the worker's own <c>GET /readyz</c> and exits 0 when it answers 200,
/// 1 otherwise. The container image's HEALTHCHECK: the runtime images have no curl. The address comes from the
/// worker's own configuration (<c>Kestrel:Endpoints:Http:Url</c>), a wildcard host meaning loopback.
/// </summary>
internal static partial class HealthcheckCommand
{
    private const string DefaultUrl = "http://0.0.0.0:4318";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(IConfiguration configuration, TextWriter output, TextWriter error)
    {
        var configured = configuration["Kestrel:Endpoints:Http:Url"] ?? DefaultUrl;
        if (ReadinessUrl(configured) is not { } url)
        {
            await error.WriteLineAsync($"Kestrel:Endpoints:Http:Url is not an http:// or https:// URL with a host: '{configured}'");
            return 2;
        }

        using var http = new HttpClient { Timeout = Timeout };
        try
        {
            using var response = await http.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode)
            {
                await output.WriteLineAsync($"{url}: {body}");
                return 0;
            }

            await error.WriteLineAsync($"{url}: {(int)response.StatusCode} {body}");
            return 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await error.WriteLineAsync($"{url}: {e.Message}");
            return 1;
        }
    }

    /// <summary>
    /// <c>/readyz</c> on the host Kestrel listens on: <c>0.0.0.0</c>, <c>*</c> and <c>+</c> become 127.0.0.1,
    /// <c>[::]</c> becomes [::1]; null when the URL cannot be read.
    /// </summary>
    internal static Uri? ReadinessUrl(string kestrelUrl)
    {
        var match = KestrelUrl().Match(kestrelUrl.Trim());
        if (!match.Success)
        {
            return null;
        }

        var host = match.Groups["host"].Value switch
        {
            "0.0.0.0" or "*" or "+" => "127.0.0.1",
            "[::]" => "[::1]",
            var other => other,
        };
        return Uri.TryCreate($"{match.Groups["scheme"].Value}://{host}{match.Groups["port"].Value}/readyz", UriKind.Absolute, out var url)
            ? url
            : null;
    }

    [GeneratedRegex(@"^(?<scheme>https?)://(?<host>\[[0-9a-fA-F:.]*\]|[^:/\[\]]+)(?<port>:\d+)?/?$", RegexOptions.IgnoreCase)]
    private static partial Regex KestrelUrl();
}
