using System.Security.Cryptography;
using System.Text;

namespace CostWatch.Worker.Files;

/// <summary>
/// One configured file, what CostWatch last took from it, and what keeps a newer version of it out. The file is
/// compared by content (SHA-256), not by time stamp: a Kubernetes ConfigMap update swaps a symlink and keeps times.
/// </summary>
/// <typeparam name="T">What the file's text parses into.</typeparam>
/// <param name="configKey">The key that names the file, <c>CostWatch:Pricing:Files:0</c>, prefixed to start-up errors.</param>
/// <param name="path">As configured: named in errors.</param>
/// <param name="parse">The file's text to its value; throws <see cref="InvalidFileException"/> for content that cannot be used.</param>
internal sealed class WatchedFile<T>(string configKey, string path, Func<string, T> parse) where T : class
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private byte[] _appliedHash = [];
    private T? _value;
    private string? _problem;
    private string? _reportedProblem;

    public string ConfigKey { get; } = configKey;

    public string Path { get; } = path;

    /// <summary>The value in force: from the start-up read, or from the last version that parsed. Null before one did.</summary>
    public T? Value => Volatile.Read(ref _value);

    /// <summary>Why the file as it is now is not in force, each problem on a line; null when it is.</summary>
    public string? Problem => Volatile.Read(ref _problem);

    /// <summary>The first read, at start-up.</summary>
    /// <returns>Every failure, each prefixed with <see cref="ConfigKey"/>; empty when the file is in force.</returns>
    public IReadOnlyList<string> Load()
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(Path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return [$"{ConfigKey}: {Path}: file not found (looked for {System.IO.Path.GetFullPath(Path)})."];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [$"{ConfigKey}: {Path}: could not be read: {e.Message}"];
        }

        try
        {
            Apply(SHA256.HashData(content), Parse(content));
            return [];
        }
        catch (InvalidFileException e)
        {
            return e.Errors.Select(error => $"{ConfigKey}: {error}").ToArray();
        }
    }

    /// <summary>Reads the file again and puts its content in force if it changed and parses.</summary>
    public WatchedFileCheck Check()
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = e is FileNotFoundException or DirectoryNotFoundException ? "file not found" : e.Message;
            return Report(WatchedFileChange.Unreadable, "unreadable: " + reason, $"{Path}: could not be read: {reason}", [reason]);
        }

        var hash = SHA256.HashData(content);
        if (hash.AsSpan().SequenceEqual(_appliedHash))
        {
            ClearProblem();
            return WatchedFileCheck.Unchanged;
        }

        try
        {
            Apply(hash, Parse(content));
            return WatchedFileCheck.Applied;
        }
        catch (InvalidFileException e)
        {
            // Keyed by content: the same rejected version is reported once, an edit that is still wrong again.
            return Report(WatchedFileChange.Rejected, "rejected: " + Convert.ToHexString(hash), string.Join(Environment.NewLine, e.Errors), e.Errors);
        }
    }

    private WatchedFileCheck Report(WatchedFileChange change, string key, string problem, IReadOnlyList<string> errors)
    {
        var isNew = key != _reportedProblem;
        _reportedProblem = key;
        Volatile.Write(ref _problem, problem);
        return new WatchedFileCheck(change, errors, isNew);
    }

    private void Apply(byte[] hash, T value)
    {
        _appliedHash = hash;
        Volatile.Write(ref _value, value);
        ClearProblem();
    }

    private void ClearProblem()
    {
        _reportedProblem = null;
        Volatile.Write(ref _problem, null);
    }

    private T Parse(byte[] content)
    {
        var bytes = content.AsSpan();
        if (bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidFileException([$"{Path}: not UTF-8 text"]);
        }

        return parse(text);
    }
}
