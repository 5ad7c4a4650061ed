using System.Globalization;

namespace CostWatch.Worker.Notifications;

/// <summary>
/// Reads <c>CostWatch:Notifications</c> into <see cref="NotificationOptions"/> key by key instead of through the
/// configuration binder: durations may be written as in Alertmanager (<c>30s</c>, which the binder refuses with an
/// exception), and a key that is not a setting (a typo such as <c>Recievers</c>) or a value that is not a number, a
/// boolean or a duration becomes a start-up failure naming the key, in <see cref="NotificationOptions.Problems"/>.
/// </summary>
internal static class NotificationConfiguration
{
    private static readonly string[] TopKeys =
    [
        "ExternalUrl", "GroupBy", "GroupWait", "GroupInterval", "RepeatInterval", "DeliveryDeadline", "RetryDelay",
        "MaxRetryDelay", "Retention", "Receivers", "Routes",
    ];

    private static readonly string[] ReceiverKeys =
    [
        "Type", "To", "From", "SmtpHost", "SmtpPort", "Security", "Username", "Password", "PasswordFile", "SendResolved", "Url",
        "Format", "Secret", "SecretFile", "Timeout",
    ];

    private static readonly string[] RouteKeys = ["Match", "Continue", "Receivers"];

    public static void Bind(IConfigurationSection section, NotificationOptions options)
    {
        var problems = options.Problems;
        Unknown(section, TopKeys, problems);
        options.ExternalUrl = section["ExternalUrl"] ?? options.ExternalUrl;
        if (section.GetSection("GroupBy").Exists())
        {
            options.GroupBy = List(section.GetSection("GroupBy"));
        }

        options.GroupWait = Duration(section, "GroupWait", options.GroupWait, problems);
        options.GroupInterval = Duration(section, "GroupInterval", options.GroupInterval, problems);
        options.RepeatInterval = Duration(section, "RepeatInterval", options.RepeatInterval, problems);
        options.DeliveryDeadline = Duration(section, "DeliveryDeadline", options.DeliveryDeadline, problems);
        options.RetryDelay = Duration(section, "RetryDelay", options.RetryDelay, problems);
        options.MaxRetryDelay = Duration(section, "MaxRetryDelay", options.MaxRetryDelay, problems);
        options.Retention = Duration(section, "Retention", options.Retention, problems);
        foreach (var receiver in section.GetSection("Receivers").GetChildren())
        {
            options.Receivers[receiver.Key] = Receiver(receiver, problems);
        }

        foreach (var route in section.GetSection("Routes").GetChildren().OrderBy(r => Index(r.Key)))
        {
            Unknown(route, RouteKeys, problems);
            options.Routes.Add(new RouteOptions
            {
                Match = route.GetSection("Match").GetChildren().ToDictionary(m => m.Key, m => m.Value ?? "", StringComparer.Ordinal),
                Continue = Boolean(route, "Continue", problems) ?? false,
                Receivers = List(route.GetSection("Receivers")),
            });
        }
    }

    private static ReceiverOptions Receiver(IConfigurationSection section, List<string> problems)
    {
        Unknown(section, ReceiverKeys, problems);
        // Keys left out keep ReceiverOptions' defaults.
        var receiver = new ReceiverOptions
        {
            Type = section["Type"] ?? "",
            To = List(section.GetSection("To")),
            From = section["From"],
            SmtpHost = section["SmtpHost"],
            Username = section["Username"],
            Password = section["Password"],
            PasswordFile = section["PasswordFile"],
            SendResolved = Boolean(section, "SendResolved", problems),
            Url = section["Url"],
            Secret = section["Secret"],
            SecretFile = section["SecretFile"],
        };
        receiver.Security = section["Security"] ?? receiver.Security;
        receiver.Format = section["Format"] ?? receiver.Format;
        receiver.Timeout = Duration(section, "Timeout", receiver.Timeout, problems);
        if (section["SmtpPort"] is { } port)
        {
            if (int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                receiver.SmtpPort = parsed;
            }
            else
            {
                problems.Add($"{section.Path}:SmtpPort must be a port number, was '{port}'.");
            }
        }

        return receiver;
    }

    /// <summary>A list given as <c>Key:0</c>, <c>Key:1</c>, ... in index order (a single value counts as one item).</summary>
    private static string[] List(IConfigurationSection section) => section.Value is { } single
        ? [single]
        : section.GetChildren().OrderBy(c => Index(c.Key)).Select(c => c.Value ?? "").ToArray();

    private static TimeSpan Duration(IConfigurationSection section, string key, TimeSpan fallback, List<string> problems)
    {
        var text = section[key];
        if (text is null)
        {
            return fallback;
        }

        if (DurationText.TryParse(text, out var duration))
        {
            return duration;
        }

        problems.Add($"{section.Path}:{key} must be a duration such as 30s, 5m, 4h or 00:00:30, was '{text}'.");
        return fallback;
    }

    private static bool? Boolean(IConfigurationSection section, string key, List<string> problems)
    {
        var text = section[key];
        if (text is null)
        {
            return null;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        problems.Add($"{section.Path}:{key} must be true or false, was '{text}'.");
        return null;
    }

    private static void Unknown(IConfigurationSection section, string[] known, List<string> problems)
    {
        foreach (var child in section.GetChildren())
        {
            if (!known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add($"{child.Path} is not a setting; the settings here are {string.Join(", ", known)}.");
            }
        }
    }

    private static int Index(string key) => int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : int.MaxValue;
}
