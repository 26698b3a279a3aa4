using NiceSlam.Bags.Mcap;
using NiceSlam.Bags.Sqlite;

namespace NiceSlam.Bags;

/// <summary>Opens and creates rosbag2 bags: folders with metadata.yaml, or single .db3 / .mcap files.</summary>
public static class BagFolder
{
    /// <summary>
    /// Opens a bag: a rosbag2 folder (its metadata.yaml names the storage and the files, read as one bag in
    /// order), a folder without metadata.yaml holding exactly one .db3 or .mcap file, or such a file itself
    /// (the format is told by the file's first bytes, not its name).
    /// </summary>
    /// <exception cref="BagException">Nothing there, an unknown storage identifier or an unknown file type.</exception>
    public static IBagReader Open(string path)
    {
        string full = Path.GetFullPath(path);
        if (File.Exists(full)) return OpenFile(full, DetectStorage(full));
        if (!Directory.Exists(full)) throw new BagException($"{full}: no such bag file or folder");

        string metadataPath = Path.Combine(full, BagMetadataFile.FileName);
        if (!File.Exists(metadataPath))
        {
            var candidates = Directory.EnumerateFiles(full)
                .Where(f => f.EndsWith(Db3Schema.Extension, StringComparison.OrdinalIgnoreCase) || f.EndsWith(McapFormat.Extension, StringComparison.OrdinalIgnoreCase))
                .ToList();
            return candidates.Count == 1
                ? OpenFile(candidates[0], DetectStorage(candidates[0]))
                : throw new BagException(candidates.Count == 0
                    ? $"{full}: expected metadata.yaml or a .db3/.mcap file, found neither"
                    : $"{full}: {candidates.Count} bag files and no metadata.yaml to tell their order; `nice-slam bag reindex {full}` (like `ros2 bag reindex`) writes it from the files");
        }

        var metadata = BagMetadataFile.Read(metadataPath);
        BagStorage storage = metadata.StorageIdentifier switch
        {
            Db3Schema.StorageId => BagStorage.Sqlite3,
            McapFormat.StorageId => BagStorage.Mcap,
            _ => throw new BagException($"{metadataPath}: storage_identifier '{metadata.StorageIdentifier}' is not supported (expected 'sqlite3' or 'mcap')"),
        };
        if (metadata.CompressionFormat.Length > 0 && metadata.CompressionMode.Length > 0)
            throw new BagException($"{metadataPath}: rosbag2 {metadata.CompressionMode}-mode '{metadata.CompressionFormat}' compression is not supported (record with MCAP chunk compression instead)");
        if (metadata.RelativeFilePaths.Count == 0) throw new BagException($"{metadataPath}: relative_file_paths lists no files");
        var readers = new List<IBagReader>();
        try
        {
            foreach (string relative in metadata.RelativeFilePaths)
            {
                // rosbag2 older than Humble wrote paths that include the bag folder's name; accept both forms.
                string file = Path.Combine(full, relative);
                if (!File.Exists(file) && File.Exists(Path.Combine(full, Path.GetFileName(relative)))) file = Path.Combine(full, Path.GetFileName(relative));
                if (!File.Exists(file)) throw new BagException($"{metadataPath}: lists {relative}, which is not in {full}");
                readers.Add(OpenFile(file, storage));
            }
        }
        catch
        {
            foreach (var r in readers) r.Dispose();
            throw;
        }
        return readers.Count == 1 ? readers[0] : new MultiFileBagReader(readers);
    }

    /// <summary>
    /// Creates a bag folder like <c>ros2 bag record -o folder</c>: <c>folder/&lt;foldername&gt;_0.db3</c> or
    /// <c>_0.mcap</c>, and metadata.yaml when the writer is disposed. The folder must not exist or be empty.
    /// </summary>
    public static IBagWriter Create(string folder, BagStorage storage, McapCompression compression = McapCompression.Zstd)
    {
        string full = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar);
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any())
            throw new BagException($"{full}: the bag folder exists and is not empty; a bag is never overwritten");
        Directory.CreateDirectory(full);
        string name = Path.GetFileName(full);
        return storage switch
        {
            BagStorage.Sqlite3 => new Db3BagWriter(Path.Combine(full, name + "_0" + Db3Schema.Extension)),
            BagStorage.Mcap => new McapWriter(Path.Combine(full, name + "_0" + McapFormat.Extension), compression),
            _ => throw new ArgumentOutOfRangeException(nameof(storage), storage, "expected Sqlite3 or Mcap"),
        };
    }

    /// <summary>The storage of a file, told by its first bytes.</summary>
    /// <exception cref="BagException">Neither the MCAP magic nor the SQLite header.</exception>
    public static BagStorage DetectStorage(string file)
    {
        Span<byte> head = stackalloc byte[16];
        int read;
        using (var stream = File.OpenRead(file)) read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..read];
        if (head.StartsWith(McapFormat.Magic)) return BagStorage.Mcap;
        if (head.SequenceEqual(Db3Schema.FileHeader)) return BagStorage.Sqlite3;
        throw new BagException($"{file}: not a bag file (expected the MCAP magic or an SQLite 3 header, found {Convert.ToHexString(head)})");
    }

    private static IBagReader OpenFile(string file, BagStorage storage) => storage switch
    {
        BagStorage.Sqlite3 => new Db3BagReader(file),
        _ => new McapReader(file),
    };
}
