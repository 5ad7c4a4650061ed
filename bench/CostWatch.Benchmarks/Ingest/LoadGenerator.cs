using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using CostWatch.Benchmarks.Payload;
using CostWatch.Otlp.Proto;

namespace CostWatch.Benchmarks.Ingest;

/// <summary>
/// Several OTLP/HTTP exporters on loopback, each sending its exports one after another (as an SDK's batch
/// processor does), protobuf over HTTP/1.1 keep-alive. Each send copies a pre-encoded template and writes fresh
/// trace ids into it, so the generator spends almost no CPU of the two cores it shares with the worker, and
/// every span is new to the store.
/// </summary>
internal sealed class LoadGenerator(TemplateSet templates, uint run)
{
    private static readonly TimeSpan ErrorPause = TimeSpan.FromMilliseconds(250);
    private static readonly MediaTypeHeaderValue Protobuf = new("application/x-protobuf");

    /// <summary>
    /// Sends until <paramref name="measureTo"/> (a <see cref="Stopwatch"/> timestamp); exports that complete from
    /// <paramref name="measureFrom"/> on are measured, earlier ones are the warm-up.
    /// </summary>
    public async Task<LoadResult> RunAsync(Uri worker, long measureFrom, long measureTo, CancellationToken cancellationToken)
    {
        var clients = templates.Clients;
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = clients,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
        var endpoint = new Uri(worker, "/v1/traces");

        var records = Enumerable.Range(0, clients).Select(_ => new ClientRecord()).ToArray();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client =>
            Task.Run(() => RunClientAsync(http, endpoint, client, records[client], measureFrom, measureTo, cancellationToken),
                cancellationToken)));

        var errors = new Dictionary<string, int>();
        foreach (var (reason, count) in records.SelectMany(r => r.Errors))
        {
            errors[reason] = errors.GetValueOrDefault(reason) + count;
        }

        return new LoadResult(
            clients,
            TimeSpan.FromSeconds((measureTo - measureFrom) / (double)Stopwatch.Frequency),
            records.Sum(r => r.MeasuredSpans),
            records.Sum(r => r.WarmupSpans),
            records.Sum(r => r.MeasuredLatenciesMs.Count),
            records.SelectMany(r => r.MeasuredLatenciesMs).ToList(),
            records.Sum(r => r.AcknowledgedSpans),
            records.Sum(r => r.RejectedSpans),
            errors,
            Enumerable.Range(0, clients).Sum(client => CallsWhoseRunWasNeverSent(templates.For(client), records[client])));
    }

    private async Task RunClientAsync(HttpClient http, Uri endpoint, int client, ClientRecord record, long measureFrom,
        long measureTo, CancellationToken cancellationToken)
    {
        var sequence = templates.For(client);
        var buffer = new byte[templates.MaxLength];
        for (var send = 0; Stopwatch.GetTimestamp() < measureTo; send++)
        {
            var template = sequence[send % sequence.Count];
            template.Stamp(buffer, run, client, send / sequence.Count);

            var began = Stopwatch.GetTimestamp();
            var (acknowledged, rejected, error) = await ExportAsync(http, endpoint, buffer, template.Length, cancellationToken);
            var ended = Stopwatch.GetTimestamp();

            record.Acknowledged.Add(acknowledged);
            if (acknowledged)
            {
                record.AcknowledgedSpans += template.SpanCount - rejected;
                record.RejectedSpans += rejected;
                if (ended >= measureFrom && ended <= measureTo)
                {
                    record.MeasuredSpans += template.SpanCount - rejected;
                    record.MeasuredLatenciesMs.Add((ended - began) * 1000.0 / Stopwatch.Frequency);
                }
                else if (ended < measureFrom)
                {
                    record.WarmupSpans += template.SpanCount - rejected;
                }
            }
            else
            {
                record.Errors[error!] = record.Errors.GetValueOrDefault(error!) + 1;
                // An SDK backs off before retrying; pausing keeps a failing worker from being hammered.
                await Task.Delay(ErrorPause, cancellationToken);
            }
        }
    }

    private static async Task<(bool Acknowledged, long Rejected, string? Error)> ExportAsync(HttpClient http, Uri endpoint,
        byte[] buffer, int length, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(buffer, 0, length);
        content.Headers.ContentType = Protobuf;
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = content,
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return (false, 0, $"HTTP {(int)response.StatusCode}");
            }

            // A partial success names spans the worker refused as invalid: they are not acknowledged.
            var rejected = ExportTraceServiceResponse.Parser.ParseFrom(body).PartialSuccess?.RejectedSpans ?? 0;
            return (true, rejected, null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (false, 0, e.GetType().Name);
        }
    }

    /// <summary>
    /// Calls acknowledged in a send whose successor (carrying their run) was never acknowledged: they stay pending
    /// until the settle period, so attribution cannot catch up on them.
    /// </summary>
    private static long CallsWhoseRunWasNeverSent(IReadOnlyList<TemplateBatch> sequence, ClientRecord record)
    {
        long calls = 0;
        for (var send = 0; send < record.Acknowledged.Count; send++)
        {
            var next = send + 1 < record.Acknowledged.Count && record.Acknowledged[send + 1];
            if (record.Acknowledged[send] && !next)
            {
                calls += sequence[send % sequence.Count].CallsAwaitingLaterRun;
            }
        }

        return calls;
    }
}
