using System.Security.Cryptography;
using System.Text;

namespace CostWatch.Worker.Auth;

/// <summary>
/// A list of accepted bearer tokens, checked against <c>Authorization: Bearer ...</c>. Tokens are compared as
/// SHA-256 digests in constant time and against every configured token, so neither the content nor the length
/// of a token leaks through timing. An empty list accepts everything (no authentication configured).
/// </summary>
internal sealed class BearerTokenSet(IEnumerable<string> tokens)
{
    private const string Scheme = "Bearer ";
    private readonly byte[][] _tokenDigests = tokens.Select(Digest).ToArray();

    public bool IsRequired => _tokenDigests.Length > 0;

    public bool IsAuthorized(string? authorizationHeader)
    {
        if (!IsRequired)
        {
            return true;
        }

        if (authorizationHeader is null || !authorizationHeader.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = Digest(authorizationHeader[Scheme.Length..].Trim());
        var match = false;
        foreach (var digest in _tokenDigests)
        {
            match |= CryptographicOperations.FixedTimeEquals(presented, digest);
        }

        return match;
    }

    private static byte[] Digest(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
