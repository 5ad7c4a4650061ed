using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace CostWatch.TestSupport;

/// <summary>
/// A real SMTP server: <c>smtp_server.py</c> (aiosmtpd from Debian's python3-aiosmtpd, which <c>scripts/test.sh</c>
/// installs) on a free loopback port, with a self-signed certificate made here (or one given, such as the demo stack's
/// Mailpit certificate), AUTH PLAIN/LOGIN for one user, and every accepted message saved to a temporary directory.
/// Stopped and deleted on dispose.
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    public const string Host = "127.0.0.1";
    public const string User = "costwatch";
    public const string Password = "smtp-secret";

    internal const string UnavailableReason =
        "no python3 with the aiosmtpd module: install Debian's python3-aiosmtpd (scripts/test.sh does)";

    private static readonly Lazy<string?> Python = new(FindPython, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Process _process;
    private readonly string _directory;
    private readonly string _maildir;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SmtpServer(Process process, string directory, string maildir, int port, X509Certificate2 certificate)
    {
        _process = process;
        _directory = directory;
        _maildir = maildir;
        Port = port;
        Certificate = certificate;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static bool IsAvailable => Python.Value is not null;

    /// <summary>Null when SMTP tests must run: aiosmtpd is there, or <c>CI=true</c> (then a missing one fails).</summary>
    internal static string? SkipReason =>
        IsAvailable || Environment.GetEnvironmentVariable("CI") == "true" ? null : UnavailableReason;

    public int Port { get; }

    /// <summary>The certificate the server presents (for <see cref="SmtpServerMode.Plain"/> too, though unused).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>A certificate check that trusts this server's certificate and nothing else.</summary>
    public RemoteCertificateValidationCallback TrustsItsCertificate =>
        (_, certificate, _, _) => certificate is not null
            && string.Equals(certificate.GetCertHashString(), Certificate.Thumbprint, StringComparison.OrdinalIgnoreCase);

    /// <summary>What the server printed so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="authInClear">Offer AUTH on a <see cref="SmtpServerMode.Plain"/> connection.</param>
    /// <param name="certificateFiles">
    /// PEM files of the certificate (and its key) to present instead of one made for the test; its names must include
    /// 127.0.0.1 for a client to accept it.
    /// </param>
    public static async Task<SmtpServer> StartAsync(SmtpServerMode mode, bool authInClear = false,
        (string Certificate, string Key)? certificateFiles = null)
    {
        var python = Python.Value ?? throw new InvalidOperationException(UnavailableReason);
        var directory = Directory.CreateTempSubdirectory("costwatch-smtp-").FullName;
        var maildir = Directory.CreateDirectory(Path.Combine(directory, "mail")).FullName;
        var (certificatePath, keyPath) = certificateFiles ?? (Path.Combine(directory, "cert.pem"), Path.Combine(directory, "key.pem"));
        var certificate = certificateFiles is null
            ? WriteSelfSignedCertificate(directory)
            : X509CertificateLoader.LoadCertificateFromFile(certificatePath);
        // A free port can be taken between the probe and the bind: a few attempts.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var start = new ProcessStartInfo(python)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                ArgumentList =
                {
                    Path.Combine(AppContext.BaseDirectory, "smtp_server.py"),
                    "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "--maildir", maildir,
                    "--mode", mode switch
                    {
                        SmtpServerMode.StartTls => "starttls",
                        SmtpServerMode.ImplicitTls => "implicit",
                        _ => "plain",
                    },
                    "--cert", certificatePath,
                    "--key", keyPath,
                    "--user", User,
                    "--password", Password,
                },
            };
            if (authInClear)
            {
                start.ArgumentList.Add("--auth-in-clear");
            }

            var server = new SmtpServer(Process.Start(start) ?? throw new InvalidOperationException($"could not start {python}"),
                directory, maildir, port, certificate);
            try
            {
                await server.WaitUntilReadyAsync();
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3 && server._process.HasExited)
            {
                await server.StopAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>The messages accepted so far, in the order they arrived.</summary>
    public IReadOnlyList<ReceivedEmail> Received()
    {
        var messages = new List<(int Number, ReceivedEmail Email)>();
        foreach (var path in Directory.EnumerateFiles(_maildir, "*.eml"))
        {
            var number = int.Parse(Path.GetFileNameWithoutExtension(path), System.Globalization.CultureInfo.InvariantCulture);
            using var metadata = JsonDocument.Parse(File.ReadAllBytes(Path.ChangeExtension(path, ".json")));
            var root = metadata.RootElement;
            messages.Add((number, new ReceivedEmail(
                root.GetProperty("mail_from").GetString() ?? "",
                root.GetProperty("rcpt_tos").EnumerateArray().Select(to => to.GetString() ?? "").ToList(),
                root.GetProperty("tls").GetBoolean(),
                root.GetProperty("auth_user").GetString(),
                File.ReadAllBytes(path))));
        }

        return messages.OrderBy(message => message.Number).Select(message => message.Email).ToList();
    }

    /// <summary>One line per MAIL command the server saw, "MAIL tls=True|False": what a client tried to send, and how.</summary>
    public IReadOnlyList<string> MailCommands()
    {
        var log = Path.Combine(_maildir, "commands.log");
        return File.Exists(log) ? File.ReadAllLines(log) : [];
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Certificate.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"Could not delete {_directory}: {e.Message}");
        }
    }

    private async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            // The script stops when its stdin closes; a kill only if it does not.
            _process.StandardInput.Close();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        var exited = _process.WaitForExitAsync();
        var finished = await Task.WhenAny(_ready.Task, exited, Task.Delay(TimeSpan.FromSeconds(60)));
        if (finished == _ready.Task)
        {
            return;
        }

        if (finished == exited)
        {
            // Let the output readers drain what the process wrote before it died.
            _process.WaitForExit();
            throw new InvalidOperationException($"smtp_server.py exited with {_process.ExitCode}:\n{Output}");
        }

        throw new TimeoutException($"smtp_server.py was not ready after 60 s:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (line.StartsWith("READY ", StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }

    /// <summary>A certificate for 127.0.0.1 and localhost, valid for a day, as cert.pem and key.pem in <paramref name="directory"/>.</summary>
    private static X509Certificate2 WriteSelfSignedCertificate(string directory)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddHours(-1), now.AddDays(1));
        File.WriteAllText(Path.Combine(directory, "cert.pem"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "key.pem"), key.ExportPkcs8PrivateKeyPem());
        return X509CertificateLoader.LoadCertificate(certificate.RawData);
    }

    /// <summary>Debian's own python3 first: a python3 earlier on the PATH (pyenv) does not see Debian's packages.</summary>
    private static string? FindPython()
    {
        var candidates = new List<string> { "/usr/bin/python3" };
        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "python3")));
        return candidates.Where(File.Exists).Distinct().FirstOrDefault(HasAiosmtpd);
    }

    private static bool HasAiosmtpd(string python)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(python)
            {
                ArgumentList = { "-c", "import aiosmtpd.controller" },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return false;
            }

            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
