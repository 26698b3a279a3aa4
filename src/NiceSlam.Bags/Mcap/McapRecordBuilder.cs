using System.Buffers.Binary;
using System.Text;

namespace NiceSlam.Bags.Mcap;

/// <summary>
/// Builds MCAP bytes in memory: little-endian integers, uint32-length-prefixed strings and maps, and whole records
/// (<see cref="BeginRecord"/> … <see cref="EndRecord"/> fills in the uint64 content length).
/// </summary>
internal sealed class McapRecordBuilder
{
    private byte[] buffer = new byte[256];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => buffer.AsSpan(0, Length);

    public void Clear() => Length = 0;

    /// <summary>Writes the opcode and a length placeholder; returns where the content starts.</summary>
    public int BeginRecord(McapOpcode opcode)
    {
        U8((byte)opcode);
        U64(0);
        return Length;
    }

    /// <summary>Fills in the content length of the record whose content starts at <paramref name="contentStart"/>.</summary>
    public void EndRecord(int contentStart) =>
        BinaryPrimitives.WriteUInt64LittleEndian(buffer.AsSpan(contentStart - 8), (ulong)(Length - contentStart));

    public void U8(byte value) => Span(1)[0] = value;
    public void U16(ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Span(2), value);
    public void U32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Span(4), value);
    public void U64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Span(8), value);
    public void I64(long value) => U64((ulong)value);

    public void Bytes(ReadOnlySpan<byte> data) => data.CopyTo(Span(data.Length));

    /// <summary>A uint32 byte length, then the UTF-8 bytes.</summary>
    public void String(string value)
    {
        int count = Encoding.UTF8.GetByteCount(value);
        U32((uint)count);
        Encoding.UTF8.GetBytes(value, Span(count));
    }

    /// <summary>A Map&lt;string, string&gt;: uint32 byte length of the entries, then key and value strings.</summary>
    public void StringMap(IEnumerable<KeyValuePair<string, string>> entries)
    {
        int lengthAt = Length;
        U32(0);
        foreach (var (key, value) in entries) { String(key); String(value); }
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(lengthAt), (uint)(Length - lengthAt - 4));
    }

    /// <summary>A Map&lt;uint16, uint64&gt;.</summary>
    public void U16U64Map(IEnumerable<KeyValuePair<ushort, ulong>> entries)
    {
        int lengthAt = Length;
        U32(0);
        foreach (var (key, value) in entries) { U16(key); U64(value); }
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(lengthAt), (uint)(Length - lengthAt - 4));
    }

    private Span<byte> Span(int count)
    {
        if (Length + count > buffer.Length) Array.Resize(ref buffer, Math.Max(buffer.Length * 2, Length + count));
        var span = buffer.AsSpan(Length, count);
        Length += count;
        return span;
    }
}
