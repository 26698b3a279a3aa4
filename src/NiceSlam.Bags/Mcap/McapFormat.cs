namespace NiceSlam.Bags.Mcap;

/// <summary>Constants of the MCAP format and of rosbag2's ros2 profile.</summary>
public static class McapFormat
{
    /// <summary>The 8 bytes at the start and the end of an MCAP file: 0x89 'M' 'C' 'A' 'P' '0' '\r' '\n'.</summary>
    public static ReadOnlySpan<byte> Magic => [0x89, (byte)'M', (byte)'C', (byte)'A', (byte)'P', 0x30, (byte)'\r', (byte)'\n'];

    public const string StorageId = "mcap";
    public const string Extension = ".mcap";
    public const string Ros2Profile = "ros2";
    public const string Ros2MsgSchemaEncoding = "ros2msg";

    /// <summary>Opcode (1 byte) and content length (uint64): what precedes every record's content.</summary>
    public const int RecordPrefixLength = 9;

    /// <summary>The compression string of a chunk.</summary>
    public static string Name(McapCompression compression) => compression switch
    {
        McapCompression.None => "",
        McapCompression.Zstd => "zstd",
        McapCompression.Lz4 => "lz4",
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "expected None, Zstd or Lz4"),
    };
}
