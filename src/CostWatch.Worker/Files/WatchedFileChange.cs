namespace CostWatch.Worker.Files;

/// <summary>What reading a watched file again found.</summary>
internal enum WatchedFileChange
{
    /// <summary>The content in force (or, after a problem, back to it).</summary>
    Unchanged,

    /// <summary>New content that parsed; it is now in force.</summary>
    Applied,

    /// <summary>New content with errors; the previous content stays in force.</summary>
    Rejected,

    /// <summary>The file is gone or cannot be read; the previous content stays in force.</summary>
    Unreadable,
}
