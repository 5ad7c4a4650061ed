using CostWatch.Worker.Auth;
using Microsoft.Extensions.Options;

namespace CostWatch.Worker.Ingest;

/// <summary>Checks <c>Authorization: Bearer ...</c> on exports against <c>CostWatch:Auth:IngestTokens</c>.</summary>
internal sealed class IngestAuthenticator(IOptions<AuthOptions> options)
{
    private readonly BearerTokenSet _tokens = new(options.Value.IngestTokens);

    public bool IsRequired => _tokens.IsRequired;

    public bool IsAuthorized(string? authorizationHeader) => _tokens.IsAuthorized(authorizationHeader);
}
