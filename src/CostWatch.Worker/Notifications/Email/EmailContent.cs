namespace CostWatch.Worker.Notifications.Email;

/// <summary>What an e-mail notice says: its subject, a plain text body and, unless it is the fallback, an HTML body.</summary>
internal sealed record EmailContent(string Subject, string Text, string? Html);
