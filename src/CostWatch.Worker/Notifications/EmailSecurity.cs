namespace CostWatch.Worker.Notifications;

/// <summary>The values of an e-mail receiver's <c>Security</c>.</summary>
internal static class EmailSecurity
{
    public const string StartTls = "StartTls";
    public const string SslOnConnect = "SslOnConnect";
    public const string None = "None";

    public static readonly IReadOnlyList<string> All = [StartTls, SslOnConnect, None];
}
