using CostWatch.Worker.Auth;
using CostWatch.Worker.Ingest;
using CostWatch.Worker.Observability;
using Microsoft.Extensions.Options;

namespace CostWatch.Worker.Api;

/// <summary>
/// Guards <c>/api/*</c> with <c>CostWatch:Auth:ApiTokens</c> when it is set: 401 with <c>WWW-Authenticate</c>
/// otherwise. The ingest tokens are a separate list and open nothing here.
/// </summary>
internal sealed class ApiTokenFilter(IOptions<AuthOptions> options, ILogger<ApiTokenFilter> logger) : IEndpointFilter
{
    private readonly BearerTokenSet _tokens = new(options.Value.ApiTokens);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (_tokens.IsAuthorized(http.Request.Headers.Authorization))
        {
            return await next(context);
        }

        Log.ApiUnauthorized(logger, http.Request.Path);
        http.Response.Headers.WWWAuthenticate = "Bearer realm=\"CostWatch\"";
        return ApiErrors.Unauthorized();
    }
}
