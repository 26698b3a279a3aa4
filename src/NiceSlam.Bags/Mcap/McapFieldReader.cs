using System.Buffers.Binary;
using System.Text;

namespace NiceSlam.Bags.Mcap;

/// <summary>
/// Reads the fields of one record's content in order. Reading past the content's end throws
/// <see cref="FormatException"/> naming the field, which the reader turns into a <see cref="BagException"/>.
/// </summary>
internal ref struct McapFieldReader(ReadOnlySpan<byte> content)
{
    private readonly ReadOnlySpan<byte> content = content;
    private int position;

    public readonly int Remaining => content.Length - position;

    public ushort U16(string field) => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, field));
    public uint U32(string field) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, field));
    public ulong U64(string field) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, field));

    public string String(string field) => Encoding.UTF8.GetString(Bytes32(field));

    /// <summary>uint32-length-prefixed bytes.</summary>
    public ReadOnlySpan<byte> Bytes32(string field)
    {
        uint length = U32(field);
        return length > (uint)Remaining ? throw Short(field, length) : Take((int)length, field);
    }

    /// <summary>uint64-length-prefixed bytes.</summary>
    public ReadOnlySpan<byte> Bytes64(string field)
    {
        ulong length = U64(field);
        return length > (ulong)Remaining ? throw Short(field, length) : Take((int)length, field);
    }

    /// <summary>Everything left (a Message record's data).</summary>
    public ReadOnlySpan<byte> Rest() => Take(Remaining, "data");

    public Dictionary<string, string> StringMap(string field)
    {
        var entries = new McapFieldReader(Bytes32(field));
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        while (entries.Remaining > 0) map[entries.String(field)] = entries.String(field);
        return map;
    }

    private ReadOnlySpan<byte> Take(int count, string field)
    {
        if (count < 0 || count > Remaining) throw Short(field, (ulong)count);
        var span = content.Slice(position, count);
        position += count;
        return span;
    }

    private readonly FormatException Short(string field, ulong wanted) =>
        new($"field '{field}' needs {wanted} bytes at offset {position} of a {content.Length}-byte record, {Remaining} left");
}
