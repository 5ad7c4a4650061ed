using CostWatch.Core.Notifications;

namespace CostWatch.Worker.Notifications.Email;

/// <summary>
/// Turns a notice into an e-mail's subject and bodies. A seam so the formatting can be swapped (and made to fail
/// in tests): whatever it throws, the notice is still sent, with <see cref="EmailFallbackContent"/>.
/// </summary>
internal interface IEmailContentRenderer
{
    EmailContent Render(Notice notice, string receiverName);
}
