using CostWatch.Worker.Notifications.Email;
using Microsoft.Extensions.Options;

namespace CostWatch.Worker.Notifications;

/// <summary>
/// Checks <c>CostWatch:Notifications</c> at start-up; every failure names its key, none shows a secret. A receiver
/// whose <c>Type</c> has no registered <see cref="INoticeSender"/> is a failure, as is a secret file that cannot be read.
/// </summary>
internal sealed class NotificationOptionsValidator(IEnumerable<INoticeSender> senders) : IValidateOptions<NotificationOptions>
{
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(5);

    public ValidateOptionsResult Validate(string? name, NotificationOptions options)
    {
        const string s = NotificationOptions.Section;
        var failures = new List<string>(options.Problems);
        if (!Uri.TryCreate(options.ExternalUrl, UriKind.Absolute, out var external) || external.Scheme is not ("http" or "https"))
        {
            failures.Add($"{s}:ExternalUrl must be an absolute http or https URL, was '{options.ExternalUrl}'.");
        }

        for (var i = 0; i < (options.GroupBy?.Length ?? 0); i++)
        {
            if (string.IsNullOrWhiteSpace(options.GroupBy![i]))
            {
                failures.Add($"{s}:GroupBy:{i} is empty.");
            }
        }

        if (options.GroupWait < TimeSpan.Zero)
        {
            failures.Add($"{s}:GroupWait must not be negative, was {options.GroupWait}.");
        }

        Positive(failures, $"{s}:GroupInterval", options.GroupInterval);
        Positive(failures, $"{s}:RepeatInterval", options.RepeatInterval);
        if (options.RepeatInterval < options.GroupInterval)
        {
            failures.Add($"{s}:RepeatInterval must be at least {s}:GroupInterval ({options.GroupInterval}), was {options.RepeatInterval}.");
        }

        Positive(failures, $"{s}:DeliveryDeadline", options.DeliveryDeadline);
        Positive(failures, $"{s}:RetryDelay", options.RetryDelay);
        if (options.MaxRetryDelay < options.RetryDelay)
        {
            failures.Add($"{s}:MaxRetryDelay must be at least {s}:RetryDelay ({options.RetryDelay}), was {options.MaxRetryDelay}.");
        }

        if (options.Retention < TimeSpan.FromMinutes(1))
        {
            failures.Add($"{s}:Retention must be at least 00:01:00, was {options.Retention}.");
        }

        var types = senders.Select(sender => sender.ReceiverType).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        foreach (var (receiverName, receiver) in options.Receivers)
        {
            ValidateReceiver(failures, receiverName, receiver, types);
        }

        ValidateRoutes(failures, options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateReceiver(List<string> failures, string receiverName, ReceiverOptions receiver, List<string> types)
    {
        var key = $"{NotificationOptions.Section}:Receivers:{receiverName}";
        if (!types.Contains(receiver.Type, StringComparer.OrdinalIgnoreCase))
        {
            failures.Add(string.IsNullOrWhiteSpace(receiver.Type)
                ? $"{key}:Type is required: one of {string.Join(", ", types)}."
                : $"{key}:Type must be one of {string.Join(", ", types)} (the types this build can send to), was '{receiver.Type}'.");
        }

        if (receiver.Timeout <= TimeSpan.Zero || receiver.Timeout > MaxTimeout)
        {
            failures.Add($"{key}:Timeout must be between 00:00:00 and {MaxTimeout} (exclusive of 0), was {receiver.Timeout}.");
        }

        if (string.Equals(receiver.Type, ReceiverTypes.Webhook, StringComparison.OrdinalIgnoreCase))
        {
            ValidateWebhook(failures, key, receiver);
        }
        else if (string.Equals(receiver.Type, ReceiverTypes.Email, StringComparison.OrdinalIgnoreCase))
        {
            ValidateEmail(failures, key, receiverName, receiver);
        }
    }

    private static void ValidateWebhook(List<string> failures, string key, ReceiverOptions receiver)
    {
        if (string.IsNullOrWhiteSpace(receiver.Url))
        {
            failures.Add($"{key}:Url is required for a webhook.");
        }
        else if (!Uri.TryCreate(receiver.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            // The URL may carry a token in its query: only its scheme is shown.
            failures.Add($"{key}:Url must be an absolute http or https URL.");
        }

        if (!WebhookFormats.All.Contains(receiver.Format, StringComparer.OrdinalIgnoreCase))
        {
            failures.Add($"{key}:Format must be one of {string.Join(", ", WebhookFormats.All)}, was '{receiver.Format}'.");
        }

        SecretSource(failures, key, "Secret", receiver.Secret, "SecretFile", receiver.SecretFile);
    }

    /// <summary>The e-mail keys are the e-mail sender's to judge; the password file is read here, like every secret file.</summary>
    private static void ValidateEmail(List<string> failures, string key, string receiverName, ReceiverOptions receiver)
    {
        failures.AddRange(EmailReceiverValidator.Validate(receiverName, receiver));
        SecretSource(failures, key, "Password", receiver.Password, "PasswordFile", receiver.PasswordFile);
    }

    /// <summary>A secret given inline or as a file, not both; the file must be readable. The secret itself is never shown.</summary>
    private static void SecretSource(List<string> failures, string key, string inlineName, string? inline, string fileName, string? file)
    {
        if (inline is not null && file is not null)
        {
            failures.Add($"{key}: set {inlineName} or {fileName}, not both.");
        }
        else if (file is not null && ReceiverSecrets.ReadFileProblem(file) is { } problem)
        {
            failures.Add($"{key}:{fileName} '{file}' cannot be read: {problem}.");
        }
    }

    private static void ValidateRoutes(List<string> failures, NotificationOptions options)
    {
        const string s = NotificationOptions.Section;
        if (options.Routes.Count > 0 && !options.Routes.Any(r => r.Match.Count == 0))
        {
            failures.Add($"{s}:Routes needs a route without Match (the last such route takes the alerts no route matches).");
        }

        for (var i = 0; i < options.Routes.Count; i++)
        {
            var route = options.Routes[i];
            if (route.Receivers.Length == 0)
            {
                failures.Add($"{s}:Routes:{i}:Receivers needs at least one receiver.");
            }

            for (var r = 0; r < route.Receivers.Length; r++)
            {
                if (!options.Receivers.ContainsKey(route.Receivers[r]))
                {
                    failures.Add($"{s}:Routes:{i}:Receivers:{r} names no receiver of {s}:Receivers, was '{route.Receivers[r]}'.");
                }
            }

            foreach (var (label, _) in route.Match)
            {
                if (string.IsNullOrWhiteSpace(label))
                {
                    failures.Add($"{s}:Routes:{i}:Match has an empty label name.");
                }
            }
        }
    }

    private static void Positive(List<string> failures, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{key} must be a positive duration (for example 00:00:30), was {value}.");
        }
    }
}
