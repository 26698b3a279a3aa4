namespace NiceSlam.Bags;

/// <summary>How the records of an MCAP chunk are compressed.</summary>
public enum McapCompression
{
    /// <summary>Stored as they are (compression string "").</summary>
    None,

    /// <summary>Zstandard (compression string "zstd"), rosbag2's default for MCAP.</summary>
    Zstd,

    /// <summary>LZ4 frame format (compression string "lz4").</summary>
    Lz4,
}
