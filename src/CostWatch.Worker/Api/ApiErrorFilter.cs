using System.Data.Common;
using CostWatch.Core.Costs;
using CostWatch.Worker.Ingest;
using CostWatch.Worker.Observability;

namespace CostWatch.Worker.Api;

/// <summary>
/// Turns what a request can run into into answers: a bad parameter into 400 naming it, an unreachable store
/// into 503 (logged, with Retry-After). A client's mistake is never a 500.
/// </summary>
internal sealed class ApiErrorFilter(ILogger<ApiErrorFilter> logger) : IEndpointFilter
{
    private const int RetryAfterSeconds = 5;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        try
        {
            return await next(context);
        }
        catch (QueryParameterException e)
        {
            Log.ApiBadParameter(logger, http.Request.Path, e.Parameter, e.Message);
            return ApiErrors.BadParameter(e.Parameter, e.Message);
        }
        catch (Exception e) when (e is DbException or TimeoutException or StoreUnavailableException
                                  && !http.RequestAborted.IsCancellationRequested)
        {
            Log.ApiStoreUnavailable(logger, http.Request.Path, e);
            http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ApiErrors.Unavailable(e is StoreUnavailableException
                ? e.Message
                : "the store is unavailable; retry later");
        }
    }
}
