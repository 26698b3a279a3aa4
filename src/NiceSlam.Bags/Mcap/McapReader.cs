using System.Buffers.Binary;

namespace NiceSlam.Bags.Mcap;

/// <summary>
/// Reads one MCAP file by scanning its data section from the start (the summary is not needed): Schema, Channel and
/// Message records at the top level or inside Chunks (uncompressed, zstd or lz4, CRC checked when non-zero);
/// unknown records are skipped. A file cut short (no footer, or a record cut in the middle) is read up to its last
/// complete record with a <see cref="Warnings"/> entry. Opening indexes where every message lies; message bytes
/// are read again, in log-time order, by <see cref="ReadMessages"/>.
/// </summary>
public sealed class McapReader : IBagReader
{
    private const int CachedChunks = 4;

    private readonly string path;
    private readonly Dictionary<ushort, (string Name, string Encoding)> schemas = [];
    private readonly SortedDictionary<ushort, Channel> channels = [];
    private readonly List<ChunkLocation> chunks = [];
    private readonly List<MessageLocation> messages = [];
    private readonly List<string> warnings = [];
    private int unknownChannelMessages;

    /// <param name="path">The .mcap file.</param>
    /// <exception cref="BagException">The file does not start with the MCAP magic, or a complete record is malformed.</exception>
    public McapReader(string path)
    {
        this.path = Path.GetFullPath(path);
        if (!File.Exists(this.path)) throw new BagException($"{this.path}: no such file");
        using (var stream = new FileStream(this.path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16))
            Scan(stream);
        if (unknownChannelMessages > 0)
            warnings.Add($"{unknownChannelMessages} messages refer to channels the file never defines: skipped");
        messages.Sort(static (a, b) => a.LogTime != b.LogTime ? a.LogTime.CompareTo(b.LogTime) : a.Order.CompareTo(b.Order));
        MessageCount = messages.Count;
        StartTimeNs = messages.Count == 0 ? 0 : messages[0].LogTime;
        EndTimeNs = messages.Count == 0 ? 0 : messages[^1].LogTime;
        var counts = messages.GroupBy(m => m.Channel).ToDictionary(g => g.Key, g => (long)g.Count());
        Topics = [.. channels
            .GroupBy(c => c.Value.Topic, StringComparer.Ordinal)
            .Select(g =>
            {
                var first = g.First().Value;
                return new BagTopic(g.Key, first.Type, first.Encoding, g.Sum(c => counts.GetValueOrDefault(c.Key)), first.OfferedQos);
            })];
    }

    public IReadOnlyList<BagTopic> Topics { get; }
    public long MessageCount { get; }
    public long StartTimeNs { get; }
    public long EndTimeNs { get; }
    public string StorageId => McapFormat.StorageId;
    public IReadOnlyList<string> Warnings => warnings;

    public IEnumerable<BagMessage> ReadMessages(IReadOnlySet<string>? topics = null)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        var cache = new List<(int Index, byte[] Records)>();
        foreach (var m in messages)
        {
            string topic = channels[m.Channel].Topic;
            if (topics is not null && !topics.Contains(topic)) continue;
            byte[] data;
            if (m.Chunk < 0)
            {
                data = new byte[m.Length];
                stream.Position = m.Offset;
                stream.ReadExactly(data);
            }
            else
            {
                int hit = cache.FindIndex(c => c.Index == m.Chunk);
                byte[] records;
                if (hit >= 0) records = cache[hit].Records;
                else
                {
                    records = LoadChunk(stream, chunks[m.Chunk]);
                    if (cache.Count == CachedChunks) cache.RemoveAt(0);
                    cache.Add((m.Chunk, records));
                }
                data = records.AsSpan((int)m.Offset, m.Length).ToArray();
            }
            yield return new BagMessage(topic, m.LogTime, data);
        }
    }

    public void Dispose() { }

    private void Scan(FileStream stream)
    {
        long length = stream.Length;
        Span<byte> prefix = stackalloc byte[McapFormat.RecordPrefixLength];
        if (length < McapFormat.Magic.Length || stream.Read(prefix[..8]) < 8 || !prefix[..8].SequenceEqual(McapFormat.Magic))
            throw new BagException($"{path}: not an MCAP file (expected the magic 89 4D 43 41 50 30 0D 0A in its first 8 bytes)");
        long position = McapFormat.Magic.Length;
        int complete = 0;
        bool dataEnded = false;
        while (true)
        {
            long left = length - position;
            byte opcode = 0;
            ulong contentLength = 0;
            if (left >= McapFormat.RecordPrefixLength)
            {
                stream.ReadExactly(prefix);
                opcode = prefix[0];
                contentLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix[1..]);
            }
            if (left < McapFormat.RecordPrefixLength || contentLength > (ulong)(left - McapFormat.RecordPrefixLength))
            {
                warnings.Add(left == 0
                    ? $"truncated after record {complete} at byte {position}: the file ends without {(dataEnded ? "a footer" : "a data end, summary and footer")}; read up to the last complete record"
                    : $"truncated after record {complete} at byte {position}: read up to the last complete record");
                return;
            }
            if (opcode == 0)
            {
                warnings.Add($"truncated after record {complete} at byte {position}: opcode 0x00 is not a record (zero-filled tail?); read up to the last complete record");
                return;
            }
            long contentStart = position + McapFormat.RecordPrefixLength;
            position = contentStart + (long)contentLength;
            switch ((McapOpcode)opcode)
            {
                case McapOpcode.Footer:
                    if (length - position < McapFormat.Magic.Length)
                        warnings.Add($"{path}: the footer is not followed by the closing magic");
                    return;
                case McapOpcode.DataEnd:
                    dataEnded = true;
                    break;
                case McapOpcode.Schema or McapOpcode.Channel or McapOpcode.Message when !dataEnded:
                    ParseRecord((McapOpcode)opcode, ReadContent(stream, contentLength), chunk: -1, contentStart);
                    break;
                case McapOpcode.Chunk when !dataEnded:
                    ParseChunk(ReadContent(stream, contentLength), contentStart);
                    break;
            }
            stream.Position = position;
            complete++;
        }
    }

    private byte[] ReadContent(FileStream stream, ulong contentLength)
    {
        if (contentLength > (ulong)Array.MaxLength)
            throw new BagException($"{path}: a record at byte {stream.Position - McapFormat.RecordPrefixLength} has {contentLength} bytes, more than this reader holds in memory");
        var content = new byte[(int)contentLength];
        stream.ReadExactly(content);
        return content;
    }

    /// <summary>Parses a Schema, Channel or Message record; <paramref name="contentOffset"/> locates it (file or chunk).</summary>
    private void ParseRecord(McapOpcode opcode, ReadOnlySpan<byte> content, int chunk, long contentOffset)
    {
        var fields = new McapFieldReader(content);
        try
        {
            switch (opcode)
            {
                case McapOpcode.Schema:
                {
                    ushort id = fields.U16("schema id");
                    string name = fields.String("schema name");
                    string encoding = fields.String("schema encoding");
                    if (id != 0) schemas[id] = (name, encoding);
                    break;
                }
                case McapOpcode.Channel:
                {
                    ushort id = fields.U16("channel id");
                    ushort schemaId = fields.U16("channel schema id");
                    string topic = fields.String("channel topic");
                    string encoding = fields.String("channel message encoding");
                    var metadata = fields.StringMap("channel metadata");
                    string type = schemaId == 0 ? "" : schemas.TryGetValue(schemaId, out var schema) ? schema.Name
                        : throw new FormatException($"channel {id} ({topic}) refers to schema {schemaId}, which no earlier record defines");
                    channels[id] = new Channel(topic, type, encoding, metadata.GetValueOrDefault("offered_qos_profiles", ""));
                    break;
                }
                case McapOpcode.Message:
                {
                    ushort channel = fields.U16("message channel id");
                    fields.U32("message sequence");
                    long logTime = (long)fields.U64("message log time");
                    fields.U64("message publish time");
                    const int header = 2 + 4 + 8 + 8;
                    if (!channels.ContainsKey(channel)) { unknownChannelMessages++; break; }
                    messages.Add(new MessageLocation(logTime, messages.Count, channel, chunk, contentOffset + header, content.Length - header));
                    break;
                }
            }
        }
        catch (FormatException e)
        {
            throw new BagException($"{path}: malformed {opcode} record {(chunk < 0 ? "at byte" : $"in chunk {chunk} at offset")} {contentOffset - McapFormat.RecordPrefixLength}: {e.Message}", e);
        }
    }

    private void ParseChunk(ReadOnlySpan<byte> content, long contentStart)
    {
        var fields = new McapFieldReader(content);
        ChunkLocation location;
        byte[] records;
        try
        {
            fields.U64("chunk message start time");
            fields.U64("chunk message end time");
            ulong uncompressedSize = fields.U64("chunk uncompressed size");
            uint crc = fields.U32("chunk uncompressed crc");
            string compression = fields.String("chunk compression");
            int before = fields.Remaining;
            var compressed = fields.Bytes64("chunk records");
            long recordsOffset = contentStart + content.Length - before + 8;
            location = new ChunkLocation(recordsOffset, compressed.Length, compression, checked((long)uncompressedSize), crc);
            records = McapChunkCompression.Decompress(compressed, compression, location.UncompressedSize);
            if (crc != 0 && Crc32.Compute(records) is uint actual && actual != crc)
                throw new FormatException($"records CRC32 is {actual:X8}, the chunk says {crc:X8}");
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new BagException($"{path}: malformed chunk at byte {contentStart - McapFormat.RecordPrefixLength}: {e.Message}", e);
        }
        int index = chunks.Count;
        chunks.Add(location);
        int position = 0;
        while (position < records.Length)
        {
            if (records.Length - position < McapFormat.RecordPrefixLength)
                throw new BagException($"{path}: chunk at byte {contentStart - McapFormat.RecordPrefixLength} ends inside a record header at offset {position}");
            byte opcode = records[position];
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(records.AsSpan(position + 1));
            int start = position + McapFormat.RecordPrefixLength;
            if (length > (ulong)(records.Length - start))
                throw new BagException($"{path}: chunk at byte {contentStart - McapFormat.RecordPrefixLength} has a record at offset {position} longer ({length} bytes) than the chunk");
            if ((McapOpcode)opcode is McapOpcode.Schema or McapOpcode.Channel or McapOpcode.Message)
                ParseRecord((McapOpcode)opcode, records.AsSpan(start, (int)length), index, start);
            position = start + (int)length;
        }
    }

    private byte[] LoadChunk(FileStream stream, ChunkLocation chunk)
    {
        var compressed = new byte[chunk.CompressedLength];
        stream.Position = chunk.RecordsOffset;
        stream.ReadExactly(compressed);
        try { return McapChunkCompression.Decompress(compressed, chunk.Compression, chunk.UncompressedSize); }
        catch (FormatException e) { throw new BagException($"{path}: chunk records at byte {chunk.RecordsOffset} changed since the file was opened: {e.Message}", e); }
    }

    private sealed record Channel(string Topic, string Type, string Encoding, string OfferedQos);

    private readonly record struct ChunkLocation(long RecordsOffset, int CompressedLength, string Compression, long UncompressedSize, uint Crc);

    /// <summary>Where a message's data lies: in the file (<see cref="Chunk"/> &lt; 0) or in a chunk's records.</summary>
    private readonly record struct MessageLocation(long LogTime, int Order, ushort Channel, int Chunk, long Offset, int Length);
}
