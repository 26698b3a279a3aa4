namespace NiceSlam.Shared;

/// <summary>
/// Replaces a file all at once: the content goes to "path.tmp", is flushed to disk, and the temporary file is
/// renamed over the path. A reader (or a process started after this one was killed at any instant) sees the old
/// file or the new one, never half of one; a kill leaves at most a stale "path.tmp", which the next write replaces.
/// Linked into the projects that write results (Bags: metadata.yaml; Data: trajectories, meshes, weights).
/// </summary>
internal static class AtomicFile
{
    public const string TemporarySuffix = ".tmp";

    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/> (folders are created).</summary>
    public static void Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        if (Path.GetDirectoryName(full) is { } folder) Directory.CreateDirectory(folder);
        string temporary = full + TemporarySuffix;
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temporary); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>Writes <paramref name="path"/> as UTF-8 text (no byte-order mark) through <paramref name="write"/>.</summary>
    public static void WriteText(string path, Action<TextWriter> write) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), bufferSize: 1 << 16, leaveOpen: true);
            write(writer);
        });
}
