using System.Net.Http.Headers;

namespace CostWatch.Worker.Tests.Hosting;

internal static class OtlpHttpExtensions
{
    /// <summary>POSTs an OTLP/HTTP body to <c>/v1/traces</c> with the given content type and encoding.</summary>
    public static Task<HttpResponseMessage> PostTracesAsync(this HttpClient http, byte[] body,
        string contentType = "application/x-protobuf", string? contentEncoding = null)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (contentEncoding is not null)
        {
            content.Headers.ContentEncoding.Add(contentEncoding);
        }

        return http.PostAsync("/v1/traces", content);
    }
}
