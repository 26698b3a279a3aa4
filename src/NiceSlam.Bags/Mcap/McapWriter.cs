using System.Text;

namespace NiceSlam.Bags.Mcap;

/// <summary>
/// Writes one MCAP file with rosbag2's ros2 profile, and when disposed the <c>metadata.yaml</c> beside it.
/// Layout: magic, Header, then the data section (Schema and Channel records as topics are added; Message records
/// gathered into Chunks of about <see cref="ChunkSize"/> uncompressed bytes, each followed by one MessageIndex a
/// channel; DataEnd with the data-section CRC), the summary section (Schemas, Channels, Statistics, ChunkIndexes,
/// grouped by opcode), one SummaryOffset a group, the Footer with the summary CRC, and the closing magic.
/// A chunk is written out when it reaches <see cref="ChunkSize"/> or its first message is <see cref="ChunkInterval"/>
/// old: a process killed while recording leaves a file that reads up to its last written chunk, and metadata.yaml
/// is missing (<see cref="BagReindexer"/> rebuilds it).
/// </summary>
public sealed class McapWriter : IBagWriter
{
    /// <summary>The Header's library string.</summary>
    public const string Library = "NiceSlam.Bags";

    /// <summary>The default uncompressed chunk size (1 MiB), like the MCAP reference writers.</summary>
    public const int DefaultChunkSize = 1 << 20;

    /// <summary>The longest a message waits in an open chunk before the chunk is written out (and handed to the
    /// operating system), so that a process killed while recording a slow topic loses at most this much.</summary>
    public static readonly TimeSpan DefaultChunkInterval = TimeSpan.FromSeconds(1);

    private const ulong FooterContentLength = 20;

    private readonly string path;
    private readonly FileStream file;
    private readonly McapCompression compression;
    private readonly BagWriteTally tally = new();
    private readonly McapRecordBuilder record = new();
    private readonly McapRecordBuilder chunk = new();
    private readonly List<byte[]> schemaRecords = [];
    private readonly List<byte[]> channelRecords = [];
    private readonly List<byte[]> chunkIndexRecords = [];
    private readonly Dictionary<string, ushort> schemaIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ushort> channelIds = new(StringComparer.Ordinal);
    private readonly List<uint> sequences = [0];
    private readonly List<ulong> channelCounts = [0];
    private readonly SortedDictionary<ushort, List<(long LogTime, long Offset)>> chunkIndexEntries = [];
    private readonly System.Diagnostics.Stopwatch chunkAge = new();
    private long chunkStart, chunkEnd;
    private int chunkMessages;
    private int chunkCount;
    private long position;
    private uint dataCrc = Crc32.Start;
    private bool disposed;

    /// <param name="path">The .mcap file to create; it must not exist yet.</param>
    /// <param name="compression">How chunks are compressed (zstd like rosbag2's default).</param>
    /// <param name="chunkSize">Uncompressed bytes of messages after which a chunk is closed (≥ 1).</param>
    /// <param name="chunkInterval">A chunk is written out when its first message is this old (default
    /// <see cref="DefaultChunkInterval"/>), even if it is smaller than <paramref name="chunkSize"/>.</param>
    public McapWriter(string path, McapCompression compression = McapCompression.Zstd, int chunkSize = DefaultChunkSize, TimeSpan? chunkInterval = null)
    {
        ChunkInterval = chunkInterval ?? DefaultChunkInterval;
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        _ = McapFormat.Name(compression);
        this.path = Path.GetFullPath(path);
        this.compression = compression;
        ChunkSize = chunkSize;
        Directory.CreateDirectory(Path.GetDirectoryName(this.path)!);
        try { file = new FileStream(this.path, FileMode.CreateNew, FileAccess.Write, FileShare.Read); }
        catch (IOException e) when (File.Exists(this.path))
        {
            throw new BagException($"{this.path}: the file already exists; a bag is never overwritten", e);
        }
        Emit(McapFormat.Magic);
        int content = record.BeginRecord(McapOpcode.Header);
        record.String(McapFormat.Ros2Profile);
        record.String(Library);
        record.EndRecord(content);
        EmitRecord();
        file.Flush();
    }

    /// <summary>The .mcap file being written.</summary>
    public string FilePath => path;

    /// <summary>Uncompressed bytes of messages after which a chunk is closed.</summary>
    public int ChunkSize { get; }

    /// <summary>Age of its first message after which a chunk is closed.</summary>
    public TimeSpan ChunkInterval { get; }

    public void AddTopic(string name, string type, string schemaText, string serializationFormat = "cdr")
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentNullException.ThrowIfNull(schemaText);
        if (!tally.AddTopic(name, type, serializationFormat)) return;
        if (channelIds.Count >= ushort.MaxValue) throw new InvalidOperationException($"an MCAP file holds at most {ushort.MaxValue} channels");
        if (!schemaIds.TryGetValue(type, out ushort schemaId))
        {
            schemaId = (ushort)(schemaIds.Count + 1);
            schemaIds[type] = schemaId;
            int content = record.BeginRecord(McapOpcode.Schema);
            record.U16(schemaId);
            record.String(type);
            record.String(McapFormat.Ros2MsgSchemaEncoding);
            byte[] text = Encoding.UTF8.GetBytes(schemaText);
            record.U32((uint)text.Length);
            record.Bytes(text);
            record.EndRecord(content);
            schemaRecords.Add(record.Written.ToArray());
            EmitRecord();
        }
        ushort channelId = (ushort)(channelIds.Count + 1);
        channelIds[name] = channelId;
        sequences.Add(0);
        channelCounts.Add(0);
        int channel = record.BeginRecord(McapOpcode.Channel);
        record.U16(channelId);
        record.U16(schemaId);
        record.String(name);
        record.String(serializationFormat);
        record.StringMap([new("offered_qos_profiles", "")]);
        record.EndRecord(channel);
        channelRecords.Add(record.Written.ToArray());
        EmitRecord();
        file.Flush();       // a recording killed before its first chunk still lists its topics
    }

    public void Write(string topic, long logTimeNs, byte[] data)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentNullException.ThrowIfNull(data);
        tally.Count(topic, logTimeNs);
        ushort channelId = channelIds[topic];
        if (chunkMessages == 0) chunkAge.Restart();
        if (chunkMessages == 0 || logTimeNs < chunkStart) chunkStart = logTimeNs;
        if (chunkMessages == 0 || logTimeNs > chunkEnd) chunkEnd = logTimeNs;
        if (!chunkIndexEntries.TryGetValue(channelId, out var entries)) chunkIndexEntries[channelId] = entries = [];
        entries.Add((logTimeNs, chunk.Length));
        int content = chunk.BeginRecord(McapOpcode.Message);
        chunk.U16(channelId);
        chunk.U32(sequences[channelId]++);
        chunk.I64(logTimeNs);
        chunk.I64(logTimeNs);
        chunk.Bytes(data);
        chunk.EndRecord(content);
        channelCounts[channelId]++;
        chunkMessages++;
        if (chunk.Length >= ChunkSize || chunkAge.Elapsed >= ChunkInterval) FlushChunk();
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        try
        {
            FlushChunk();
            int dataEnd = record.BeginRecord(McapOpcode.DataEnd);
            record.U32(Crc32.Finish(dataCrc));
            record.EndRecord(dataEnd);
            EmitRecord();
            WriteSummaryAndFooter();
            file.Flush();
        }
        finally
        {
            file.Dispose();
        }
        BagMetadataFile.Write(Path.GetDirectoryName(path)!, tally.Metadata(McapFormat.StorageId, Path.GetFileName(path)));
    }

    private void FlushChunk()
    {
        if (chunkMessages == 0) return;
        ReadOnlySpan<byte> records = chunk.Written;
        uint crc = Crc32.Compute(records);
        byte[] compressed = McapChunkCompression.Compress(records, compression);
        long chunkOffset = position;
        int content = record.BeginRecord(McapOpcode.Chunk);
        record.I64(chunkStart);
        record.I64(chunkEnd);
        record.U64((ulong)records.Length);
        record.U32(crc);
        record.String(McapFormat.Name(compression));
        record.U64((ulong)compressed.Length);
        record.Bytes(compressed);
        record.EndRecord(content);
        long chunkLength = record.Length;
        EmitRecord();

        long indexStart = position;
        var indexOffsets = new List<KeyValuePair<ushort, ulong>>();
        foreach (var (channelId, entries) in chunkIndexEntries)
        {
            indexOffsets.Add(new(channelId, (ulong)position));
            int index = record.BeginRecord(McapOpcode.MessageIndex);
            record.U16(channelId);
            record.U32((uint)(entries.Count * 16));
            foreach (var (logTime, offset) in entries) { record.I64(logTime); record.I64(offset); }
            record.EndRecord(index);
            EmitRecord();
        }

        var chunkIndex = new McapRecordBuilder();
        int at = chunkIndex.BeginRecord(McapOpcode.ChunkIndex);
        chunkIndex.I64(chunkStart);
        chunkIndex.I64(chunkEnd);
        chunkIndex.I64(chunkOffset);
        chunkIndex.I64(chunkLength);
        chunkIndex.U16U64Map(indexOffsets);
        chunkIndex.I64(position - indexStart);
        chunkIndex.String(McapFormat.Name(compression));
        chunkIndex.U64((ulong)compressed.Length);
        chunkIndex.U64((ulong)records.Length);
        chunkIndex.EndRecord(at);
        chunkIndexRecords.Add(chunkIndex.Written.ToArray());

        chunk.Clear();
        chunkIndexEntries.Clear();
        chunkMessages = 0;
        chunkCount++;
        // To the operating system, not to disk: a killed process keeps every chunk written so far (the reader reads
        // a file without footer up to its last complete record); power loss is the disk's business.
        file.Flush();
    }

    private void WriteSummaryAndFooter()
    {
        long summaryStart = position;
        uint summaryCrc = Crc32.Start;
        var groups = new List<(McapOpcode Opcode, long Start, long Length)>();
        void Group(McapOpcode opcode, IReadOnlyList<byte[]> records)
        {
            if (records.Count == 0) return;
            long start = position;
            foreach (byte[] r in records) { Emit(r); summaryCrc = Crc32.Append(summaryCrc, r); }
            groups.Add((opcode, start, position - start));
        }

        var statistics = new McapRecordBuilder();
        int content = statistics.BeginRecord(McapOpcode.Statistics);
        statistics.U64((ulong)tally.MessageCount);
        statistics.U16((ushort)schemaRecords.Count);
        statistics.U32((uint)channelRecords.Count);
        statistics.U32(0);
        statistics.U32(0);
        statistics.U32((uint)chunkCount);
        statistics.I64(tally.StartTimeNs);
        statistics.I64(tally.EndTimeNs);
        statistics.U16U64Map(Enumerable.Range(1, channelRecords.Count).Select(id => new KeyValuePair<ushort, ulong>((ushort)id, channelCounts[id])));
        statistics.EndRecord(content);

        Group(McapOpcode.Schema, schemaRecords);
        Group(McapOpcode.Channel, channelRecords);
        Group(McapOpcode.Statistics, [statistics.Written.ToArray()]);
        Group(McapOpcode.ChunkIndex, chunkIndexRecords);

        long summaryOffsetStart = position;
        foreach (var (opcode, start, length) in groups)
        {
            int offset = record.BeginRecord(McapOpcode.SummaryOffset);
            record.U8((byte)opcode);
            record.I64(start);
            record.I64(length);
            record.EndRecord(offset);
            summaryCrc = Crc32.Append(summaryCrc, record.Written);
            EmitRecord();
        }

        // The footer's length is fixed (8 + 8 + 4 = 20), so its prefix is written out: the CRC covers it.
        record.U8((byte)McapOpcode.Footer);
        record.U64(FooterContentLength);
        record.I64(summaryStart);
        record.I64(summaryOffsetStart);
        summaryCrc = Crc32.Append(summaryCrc, record.Written);
        record.U32(Crc32.Finish(summaryCrc));
        EmitRecord();
        Emit(McapFormat.Magic);
    }

    private void EmitRecord()
    {
        Emit(record.Written);
        record.Clear();
    }

    private void Emit(ReadOnlySpan<byte> bytes)
    {
        file.Write(bytes);
        dataCrc = Crc32.Append(dataCrc, bytes);
        position += bytes.Length;
    }
}
