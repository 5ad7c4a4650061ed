namespace CostWatch.Worker.Api;

/// <summary>The API's error bodies: <c>{"error": "...", "parameter": "...", "message": "..."}</c>.</summary>
internal static class ApiErrors
{
    public static IResult BadParameter(string parameter, string message) =>
        Error(StatusCodes.Status400BadRequest, "bad_parameter", message, parameter);

    public static IResult NotFound(string message) => Error(StatusCodes.Status404NotFound, "not_found", message);

    public static IResult Unauthorized() => Error(StatusCodes.Status401Unauthorized, "unauthorized",
        "a valid 'Authorization: Bearer <token>' header is required (CostWatch:Auth:ApiTokens)");

    public static IResult Unavailable(string message) =>
        Error(StatusCodes.Status503ServiceUnavailable, "unavailable", message);

    private static IResult Error(int status, string error, string message, string? parameter = null) =>
        new JsonBodyResult(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("error", error);
            if (parameter is not null)
            {
                writer.WriteString("parameter", parameter);
            }

            writer.WriteString("message", message);
            writer.WriteEndObject();
        }, status);
}
