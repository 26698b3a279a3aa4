using System.Buffers.Binary;
using NiceSlam.Bags;
using NiceSlam.Bags.Mcap;

namespace NiceSlam.Fuzzing.Targets;

/// <summary>
/// The MCAP reader: a small bag written with zstd, lz4 and no chunk compression (small chunks, so there are
/// several), the uncompressed one also with its chunk CRCs cleared (so that mutations inside chunks reach the record
/// parser instead of the CRC check) and with its records taken out of the chunks. Records are the file's top-level
/// records; length fields their length prefixes and the chunks' size fields. Each input is opened as a bag file
/// and every message read. Clean: <see cref="BagException"/> naming the file.
/// </summary>
public sealed class McapTarget : FuzzTarget
{
    private readonly FuzzSeed[] seeds;

    public McapTarget()
    {
        var zstd = SampleBag.Bytes(WorkFolder, "zstd", f => new McapWriter(Path.Combine(f, "zstd_0.mcap"), McapCompression.Zstd, chunkSize: 600));
        var lz4 = SampleBag.Bytes(WorkFolder, "lz4", f => new McapWriter(Path.Combine(f, "lz4_0.mcap"), McapCompression.Lz4, chunkSize: 600));
        var none = SampleBag.Bytes(WorkFolder, "none", f => new McapWriter(Path.Combine(f, "none_0.mcap"), McapCompression.None, chunkSize: 600));
        seeds = [Seed("zstd", zstd), Seed("lz4", lz4), Seed("none", none), Seed("none-no-crc", WithoutChunkCrcs(none)), Seed("unchunked", Unchunked(none))];
    }

    public override string Name => "mcap";

    public override string Description => "MCAP reader (zstd, lz4 and uncompressed chunks, unchunked records), every message read";

    public override string CleanRejection => nameof(BagException);

    public override IReadOnlyList<FuzzSeed> Seeds => seeds;

    public override void Run(FuzzCase input)
    {
        string path = Path.Combine(WorkFolder, "input.mcap");
        File.WriteAllBytes(path, input.Data);
        using var reader = BagFolder.Open(path);
        long bytes = 0;
        foreach (var message in reader.ReadMessages()) bytes += message.Data.Length;
        _ = reader.Topics.Count + reader.Warnings.Count + bytes;
    }

    public override bool IsCleanRejection(Exception error, FuzzCase input) =>
        error is BagException && error.Message.Contains(Path.Combine(WorkFolder, "input.mcap"), StringComparison.Ordinal);

    /// <summary>A seed with its top-level records and their length fields.</summary>
    private static FuzzSeed Seed(string variant, byte[] data)
    {
        var records = new List<Range>();
        var lengths = new List<LengthField>();
        foreach (var (offset, opcode, length) in TopLevel(data))
        {
            records.Add(new Range(offset, offset + McapFormat.RecordPrefixLength + (int)length));
            lengths.Add(new LengthField(offset + 1, 8));
            int content = offset + McapFormat.RecordPrefixLength;
            if (opcode == McapOpcode.Chunk)
            {
                lengths.Add(new LengthField(content + 16, 8));                   // uncompressed size
                int compressionLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(content + 28));
                lengths.Add(new LengthField(content + 28, 4));                   // compression string
                lengths.Add(new LengthField(content + 32 + compressionLength, 8)); // records
            }
            else if (opcode is McapOpcode.Schema or McapOpcode.Channel)
                lengths.Add(new LengthField(content + (opcode == McapOpcode.Schema ? 2 : 4), 4)); // first string
        }
        return new FuzzSeed(variant, data, SeedFormat.Binary, records, lengths);
    }

    private static IEnumerable<(int Offset, McapOpcode Opcode, long Length)> TopLevel(byte[] data)
    {
        int position = McapFormat.Magic.Length;
        while (position + McapFormat.RecordPrefixLength <= data.Length)
        {
            var opcode = (McapOpcode)data[position];
            long length = (long)BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(position + 1));
            yield return (position, opcode, length);
            if (opcode == McapOpcode.Footer) yield break;
            position += McapFormat.RecordPrefixLength + (int)length;
        }
    }

    private static byte[] WithoutChunkCrcs(byte[] data)
    {
        var copy = (byte[])data.Clone();
        foreach (var (offset, opcode, _) in TopLevel(data))
            if (opcode == McapOpcode.Chunk) BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(offset + McapFormat.RecordPrefixLength + 24), 0);
        return copy;
    }

    /// <summary>The uncompressed file with every chunk replaced by the records it holds (MCAP allows Schema, Channel
    /// and Message records at the top level); message indexes are dropped, the summary is kept as it is.</summary>
    private static byte[] Unchunked(byte[] data)
    {
        var output = new List<byte>(data.Length);
        int end = 0;
        foreach (var (offset, opcode, length) in TopLevel(data))
        {
            int content = offset + McapFormat.RecordPrefixLength;
            switch (opcode)
            {
                case McapOpcode.Chunk:
                {
                    int compressionLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(content + 28));
                    int recordsAt = content + 32 + compressionLength;
                    int recordsLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(recordsAt));
                    output.AddRange(data.AsSpan(recordsAt + 8, recordsLength));
                    break;
                }
                case McapOpcode.MessageIndex:
                    break;
                default:
                    if (output.Count == 0) output.AddRange(data.AsSpan(0, offset));
                    output.AddRange(data.AsSpan(offset, McapFormat.RecordPrefixLength + (int)length));
                    break;
            }
            end = content + (int)length;
        }
        output.AddRange(data.AsSpan(end));
        return [.. output];
    }
}
