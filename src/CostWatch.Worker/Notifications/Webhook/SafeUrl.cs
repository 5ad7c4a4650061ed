namespace CostWatch.Worker.Notifications.Webhook;

/// <summary>A receiver URL as logs and errors may show it: no user info, no query string (either may hold a token).</summary>
internal static class SafeUrl
{
    public static string Of(Uri url) => url.GetLeftPart(UriPartial.Path).Replace(url.UserInfo + "@", "", StringComparison.Ordinal);
}
