namespace NiceSlam.Data.Maps;

/// <summary>A map file that cannot be read: missing, not a map file, of a newer format, truncated or corrupt.
/// The message names the file and the problem.</summary>
public sealed class MapFileException(string path, string problem, Exception? inner = null) : IOException($"{path}: {problem}", inner)
{
    /// <summary>The file that was read.</summary>
    public string FilePath { get; } = path;
}
