using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace NiceSlam.Messages.Cdr;

/// <summary>Reads plain CDR (OMG CDR version 1, XCDR1) as ROS 2 middlewares serialize messages: a 4-byte
/// encapsulation header, then primitives aligned to their own size (1, 2, 4, 8) measured from the first payload
/// byte after the header. Strings are a uint32 length that counts the terminating NUL, the bytes and the NUL;
/// sequences a uint32 element count and the elements; fixed arrays the elements only.</summary>
/// <remarks>Every read past the end throws a <see cref="CdrException"/> naming the payload offset (bytes after the
/// header), what was being read (the <c>field</c> argument, when given) and how many bytes were needed and left.</remarks>
public ref struct CdrReader
{
    private readonly ReadOnlySpan<byte> _payload;
    private int _position;

    /// <summary>Starts reading <paramref name="data"/>, which begins with the encapsulation header.</summary>
    /// <exception cref="CdrException">Shorter than the header, or a representation id other than CDR_BE/CDR_LE.</exception>
    public CdrReader(ReadOnlySpan<byte> data)
    {
        if (data.Length < CdrEncapsulation.HeaderSize)
            throw new CdrException(
                $"CDR data has {data.Length} bytes; the encapsulation header alone needs {CdrEncapsulation.HeaderSize}");
        ushort id = BinaryPrimitives.ReadUInt16BigEndian(data);
        IsBigEndian = id switch
        {
            CdrEncapsulation.CdrBigEndian => true,
            CdrEncapsulation.CdrLittleEndian => false,
            _ => throw new CdrException(
                $"unsupported CDR representation id 0x{id:x4} ({CdrEncapsulation.NameOf(id)}): expected 0x0000 (CDR_BE) or 0x0001 (CDR_LE)"),
        };
        _payload = data[CdrEncapsulation.HeaderSize..];
        _position = 0;
    }

    /// <summary>True when the encapsulation header says big-endian (CDR_BE).</summary>
    public bool IsBigEndian { get; }

    /// <summary>Offset of the next byte, counted from the first payload byte after the header.</summary>
    public readonly int Position => _position;

    /// <summary>Payload bytes not yet read.</summary>
    public readonly int Remaining => _payload.Length - _position;

    public bool ReadBool(string? field = null)
    {
        byte b = Take(1, 1, "bool", field)[0];
        return b switch
        {
            0 => false,
            1 => true,
            _ => throw new CdrException(
                $"CDR bool {field ?? "value"} at offset {_position - 1} is {b}: expected 0 or 1"),
        };
    }

    public byte ReadUInt8(string? field = null) => Take(1, 1, "uint8", field)[0];

    public sbyte ReadInt8(string? field = null) => (sbyte)Take(1, 1, "int8", field)[0];

    public short ReadInt16(string? field = null)
    {
        var s = Take(2, 2, "int16", field);
        return IsBigEndian ? BinaryPrimitives.ReadInt16BigEndian(s) : BinaryPrimitives.ReadInt16LittleEndian(s);
    }

    public ushort ReadUInt16(string? field = null)
    {
        var s = Take(2, 2, "uint16", field);
        return IsBigEndian ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s);
    }

    public int ReadInt32(string? field = null)
    {
        var s = Take(4, 4, "int32", field);
        return IsBigEndian ? BinaryPrimitives.ReadInt32BigEndian(s) : BinaryPrimitives.ReadInt32LittleEndian(s);
    }

    public uint ReadUInt32(string? field = null)
    {
        var s = Take(4, 4, "uint32", field);
        return IsBigEndian ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s);
    }

    public long ReadInt64(string? field = null)
    {
        var s = Take(8, 8, "int64", field);
        return IsBigEndian ? BinaryPrimitives.ReadInt64BigEndian(s) : BinaryPrimitives.ReadInt64LittleEndian(s);
    }

    public ulong ReadUInt64(string? field = null)
    {
        var s = Take(8, 8, "uint64", field);
        return IsBigEndian ? BinaryPrimitives.ReadUInt64BigEndian(s) : BinaryPrimitives.ReadUInt64LittleEndian(s);
    }

    public float ReadFloat32(string? field = null)
    {
        var s = Take(4, 4, "float32", field);
        return IsBigEndian ? BinaryPrimitives.ReadSingleBigEndian(s) : BinaryPrimitives.ReadSingleLittleEndian(s);
    }

    public double ReadFloat64(string? field = null)
    {
        var s = Take(8, 8, "float64", field);
        return IsBigEndian ? BinaryPrimitives.ReadDoubleBigEndian(s) : BinaryPrimitives.ReadDoubleLittleEndian(s);
    }

    /// <summary>A UTF-8 string: uint32 length including the NUL, the bytes, the NUL. A length of 0 (not written
    /// by ROS, but legal in some encoders) reads as the empty string.</summary>
    public string ReadString(string? field = null)
    {
        uint length = ReadUInt32Labelled("string length", field);
        if (length == 0) return "";
        var bytes = Take(checked((int)Math.Min(length, int.MaxValue)), 1, "string bytes", field, length);
        if (bytes[^1] != 0)
            throw new CdrException(
                $"CDR string {field ?? "value"} at offset {_position - bytes.Length} is not NUL-terminated: " +
                $"last of its {length} bytes is 0x{bytes[^1]:x2}");
        return Encoding.UTF8.GetString(bytes[..^1]);
    }

    /// <summary>The uint32 element count in front of a sequence, checked against the bytes left (each element
    /// takes at least <paramref name="minElementSize"/> bytes) so that a corrupt count cannot allocate gigabytes.</summary>
    public int ReadSequenceLength(int minElementSize, string? field = null)
    {
        uint count = ReadUInt32Labelled("sequence length", field);
        long needed = (long)count * Math.Max(1, minElementSize);
        if (needed > Remaining)
            throw CdrException.EndedEarly(_position, $"{Describe("sequence", field)} of {count} elements", needed, Remaining);
        return (int)count;
    }

    /// <summary>uint8[]: count then bytes.</summary>
    public byte[] ReadUInt8Sequence(string? field = null)
    {
        int count = ReadSequenceLength(1, field);
        return Take(count, 1, "uint8[]", field).ToArray();
    }

    /// <summary>int8[]: count then bytes.</summary>
    public sbyte[] ReadInt8Sequence(string? field = null)
    {
        int count = ReadSequenceLength(1, field);
        return MemoryMarshal.Cast<byte, sbyte>(Take(count, 1, "int8[]", field)).ToArray();
    }

    /// <summary>float64[]: count then values (aligned to 8 when there is at least one).</summary>
    public double[] ReadFloat64Sequence(string? field = null)
    {
        int count = ReadSequenceLength(8, field);
        return ReadFloat64Array(count, field);
    }

    /// <summary>float64[<paramref name="count"/>]: a fixed array, values only (aligned to 8 when non-empty).</summary>
    public double[] ReadFloat64Array(int count, string? field = null)
    {
        if (count == 0) return [];
        var bytes = Take(checked(count * 8), 8, $"float64[{count}]", field);
        var values = new double[count];
        if (IsBigEndian == !BitConverter.IsLittleEndian)
        {
            MemoryMarshal.Cast<byte, double>(bytes).CopyTo(values);
        }
        else
        {
            for (int i = 0; i < count; i++)
                values[i] = IsBigEndian
                    ? BinaryPrimitives.ReadDoubleBigEndian(bytes.Slice(i * 8, 8))
                    : BinaryPrimitives.ReadDoubleLittleEndian(bytes.Slice(i * 8, 8));
        }
        return values;
    }

    private uint ReadUInt32Labelled(string kind, string? field)
    {
        var s = Take(4, 4, kind, field);
        return IsBigEndian ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s);
    }

    /// <summary>Aligns to <paramref name="alignment"/> and takes <paramref name="size"/> bytes.</summary>
    private ReadOnlySpan<byte> Take(int size, int alignment, string kind, string? field, long? reportedSize = null)
    {
        int start = (_position + alignment - 1) & ~(alignment - 1);
        if ((long)start + size > _payload.Length || (reportedSize is long r && r > size))
            throw CdrException.EndedEarly(start, Describe(kind, field), reportedSize ?? size,
                Math.Max(0, _payload.Length - start));
        _position = start + size;
        return _payload.Slice(start, size);
    }

    private static string Describe(string kind, string? field) => field is null ? kind : $"{field} ({kind})";
}
