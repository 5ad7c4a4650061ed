using CostWatch.Worker.Costs;
using Microsoft.Extensions.Options;

namespace CostWatch.Worker.Api;

internal static class ApiSetup
{
    /// <summary>The query API under <c>/api/v1</c>: costs, sessions, prices, re-pricing; guarded by <c>CostWatch:Auth:ApiTokens</c>.</summary>
    public static WebApplicationBuilder AddApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>();
        services.AddSingleton<IValidateOptions<CostsOptions>, ApiOptionsValidator>();
        services.AddSingleton<CostRequestParser>();
        services.AddSingleton<CostReporter>();
        services.AddSingleton<ApiTokenFilter>();
        services.AddSingleton<ApiErrorFilter>();
        return builder;
    }

    public static WebApplication MapApi(this WebApplication app)
    {
        var v1 = app.MapGroup("/api")
            .AddEndpointFilter<ApiTokenFilter>()
            .MapGroup("/v1")
            .AddEndpointFilter<ApiErrorFilter>();
        v1.MapGet("/costs", CostsEndpoint.HandleAsync);
        v1.MapGet("/sessions", SessionsEndpoint.ListAsync);
        v1.MapGet("/sessions/{id}", SessionsEndpoint.GetAsync);
        v1.MapGet("/prices", PricesEndpoint.Handle);
        v1.MapPost("/reprice", RepriceEndpoint.HandleAsync);
        v1.MapPost("/silences", SilencesEndpoint.CreateAsync);
        v1.MapGet("/silences", SilencesEndpoint.ListAsync);
        v1.MapGet("/silences/{id}", SilencesEndpoint.GetAsync);
        v1.MapDelete("/silences/{id}", SilencesEndpoint.ExpireAsync);
        v1.MapGet("/alerts", AlertsEndpoint.HandleAsync);
        v1.MapGet("/rules", RulesEndpoint.HandleAsync);
        v1.MapPost("/notifications/test", NotificationsEndpoint.TestAsync);
        v1.MapGet("/notifications", NotificationsEndpoint.ListAsync);
        return app;
    }
}
