using System.Text;

namespace CostWatch.Worker.Api;

/// <summary>
/// A CSV response (RFC 4180): a header row, CRLF line ends, and fields quoted when they hold a comma, a quote or a
/// line break, with quotes doubled.
/// </summary>
internal sealed class CsvBodyResult(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows) : IResult
{
    public const string MediaType = "text/csv";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/csv; charset=utf-8; header=present";
        var text = new StringBuilder();
        AppendRow(text, header);
        foreach (var row in rows)
        {
            AppendRow(text, row);
        }

        await response.WriteAsync(text.ToString(), Encoding.UTF8, httpContext.RequestAborted);
    }

    /// <summary>Whether the request's <c>Accept</c> header asks for CSV.</summary>
    public static bool IsAccepted(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a =>
            a.MediaType.Equals(MediaType, StringComparison.OrdinalIgnoreCase) && a.Quality is not 0);

    internal static void AppendRow(StringBuilder text, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            var field = fields[i];
            if (field.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                text.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                text.Append(field);
            }
        }

        text.Append("\r\n");
    }
}
