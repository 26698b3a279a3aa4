namespace NiceSlam.Data.Datasets;

/// <summary>The dataset layouts <see cref="DatasetFactory"/> knows.</summary>
public enum DatasetKind
{
    Auto,
    Tum,
    SevenScenes,
    Replica,
    ScanNet,
    Folder,
}

/// <summary>Opens a dataset folder as the right <see cref="IRgbdDataset"/>, detecting its layout.</summary>
public static class DatasetFactory
{
    /// <summary>What each layout is recognised by, in the order tried.</summary>
    public const string LayoutDescription =
        "TUM: rgb.txt and depth.txt; 7-Scenes: frame-NNNNNN.color.jpg/png (any frame numbers); Replica: results/ and traj.txt; "
        + "ScanNet: color/, depth/ and intrinsic/; folder: camera.yaml, rgb/ and depth/";

    /// <summary>Opens <paramref name="path"/> as <paramref name="kind"/>, or as the detected layout when Auto
    /// (readers' default options).</summary>
    public static IRgbdDataset Open(string path, DatasetKind kind = DatasetKind.Auto)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (kind == DatasetKind.Auto) kind = Detect(path);
        return kind switch
        {
            DatasetKind.Tum => new TumRgbdDataset(path),
            DatasetKind.SevenScenes => new SevenScenesDataset(path),
            DatasetKind.Replica => new ReplicaDataset(path),
            DatasetKind.ScanNet => new ScanNetDataset(path),
            DatasetKind.Folder => new FolderDataset(path),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    /// <summary>The layout of folder <paramref name="path"/>, told by the files present (never by a particular frame
    /// number); a <see cref="DatasetException"/> listing what was looked for when none matches.</summary>
    public static DatasetKind Detect(string path)
    {
        if (!Directory.Exists(path))
            throw new DatasetException(path, File.Exists(path) ? "is a file, expected a dataset folder" : "dataset folder not found");
        bool File_(string name) => File.Exists(Path.Combine(path, name));
        bool Dir(string name) => Directory.Exists(Path.Combine(path, name));
        if (File_("rgb.txt") && File_("depth.txt")) return DatasetKind.Tum;
        // 7-Scenes by any colour frame: a sequence may start anywhere (frames 300-999) or have gaps.
        if (SevenScenesDataset.HasColorFrames(path)) return DatasetKind.SevenScenes;
        if (Dir("results") && File_("traj.txt")) return DatasetKind.Replica;
        if (Dir("color") && Dir("depth") && Dir("intrinsic")) return DatasetKind.ScanNet;
        if (File_("camera.yaml") && Dir("rgb") && Dir("depth")) return DatasetKind.Folder;
        throw new DatasetException(path, $"no known dataset layout; looked for {LayoutDescription}");
    }
}
