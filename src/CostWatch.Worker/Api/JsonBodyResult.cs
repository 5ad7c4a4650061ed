using System.Text.Json;

namespace CostWatch.Worker.Api;

/// <summary>
/// A JSON response written with <see cref="Utf8JsonWriter"/>, so every decimal is written from its exact value and
/// the shape is exactly what the README documents.
/// </summary>
internal sealed class JsonBodyResult(Action<Utf8JsonWriter> write, int statusCode = StatusCodes.Status200OK) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(response.BodyWriter, new JsonWriterOptions { Indented = false });
        write(writer);
        await writer.FlushAsync(httpContext.RequestAborted);
    }
}
