using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace NiceSlam.Messages.Cdr;

/// <summary>Writes plain CDR (OMG CDR version 1, XCDR1) as ROS 2 middlewares serialize messages: the 4-byte
/// encapsulation header (representation id CDR_LE or CDR_BE, options 0), then primitives aligned to their own size
/// measured from the first payload byte after the header, padding bytes zero.</summary>
public sealed class CdrWriter
{
    private byte[] _buffer;
    private int _length;

    /// <summary>Starts a message: writes the encapsulation header for the chosen byte order.</summary>
    public CdrWriter(bool bigEndian = false, int initialCapacity = 256)
    {
        IsBigEndian = bigEndian;
        _buffer = new byte[Math.Max(initialCapacity, CdrEncapsulation.HeaderSize)];
        BinaryPrimitives.WriteUInt16BigEndian(_buffer,
            bigEndian ? CdrEncapsulation.CdrBigEndian : CdrEncapsulation.CdrLittleEndian);
        _buffer[2] = 0;
        _buffer[3] = 0;
        _length = CdrEncapsulation.HeaderSize;
    }

    public bool IsBigEndian { get; }

    /// <summary>Offset of the next byte, counted from the first payload byte after the header.</summary>
    public int Position => _length - CdrEncapsulation.HeaderSize;

    /// <summary>The header and everything written so far.</summary>
    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    public void WriteBool(bool value) => Reserve(1, 1)[0] = value ? (byte)1 : (byte)0;

    public void WriteUInt8(byte value) => Reserve(1, 1)[0] = value;

    public void WriteInt8(sbyte value) => Reserve(1, 1)[0] = (byte)value;

    public void WriteInt16(short value)
    {
        var s = Reserve(2, 2);
        if (IsBigEndian) BinaryPrimitives.WriteInt16BigEndian(s, value); else BinaryPrimitives.WriteInt16LittleEndian(s, value);
    }

    public void WriteUInt16(ushort value)
    {
        var s = Reserve(2, 2);
        if (IsBigEndian) BinaryPrimitives.WriteUInt16BigEndian(s, value); else BinaryPrimitives.WriteUInt16LittleEndian(s, value);
    }

    public void WriteInt32(int value)
    {
        var s = Reserve(4, 4);
        if (IsBigEndian) BinaryPrimitives.WriteInt32BigEndian(s, value); else BinaryPrimitives.WriteInt32LittleEndian(s, value);
    }

    public void WriteUInt32(uint value)
    {
        var s = Reserve(4, 4);
        if (IsBigEndian) BinaryPrimitives.WriteUInt32BigEndian(s, value); else BinaryPrimitives.WriteUInt32LittleEndian(s, value);
    }

    public void WriteInt64(long value)
    {
        var s = Reserve(8, 8);
        if (IsBigEndian) BinaryPrimitives.WriteInt64BigEndian(s, value); else BinaryPrimitives.WriteInt64LittleEndian(s, value);
    }

    public void WriteUInt64(ulong value)
    {
        var s = Reserve(8, 8);
        if (IsBigEndian) BinaryPrimitives.WriteUInt64BigEndian(s, value); else BinaryPrimitives.WriteUInt64LittleEndian(s, value);
    }

    public void WriteFloat32(float value)
    {
        var s = Reserve(4, 4);
        if (IsBigEndian) BinaryPrimitives.WriteSingleBigEndian(s, value); else BinaryPrimitives.WriteSingleLittleEndian(s, value);
    }

    public void WriteFloat64(double value)
    {
        var s = Reserve(8, 8);
        if (IsBigEndian) BinaryPrimitives.WriteDoubleBigEndian(s, value); else BinaryPrimitives.WriteDoubleLittleEndian(s, value);
    }

    /// <summary>A string as UTF-8: uint32 length including the NUL, the bytes, the NUL.</summary>
    /// <exception cref="CdrException">The string contains a NUL character (CDR strings cannot carry one).</exception>
    public void WriteString(string value, string? field = null)
    {
        ArgumentNullException.ThrowIfNull(value, field ?? nameof(value));
        if (value.Contains('\0'))
            throw new CdrException(
                $"CDR string {field ?? "value"} contains a NUL character at index {value.IndexOf('\0')}: CDR strings end at the first NUL");
        int byteCount = Encoding.UTF8.GetByteCount(value);
        WriteUInt32(checked((uint)byteCount + 1));
        var s = Reserve(byteCount + 1, 1);
        Encoding.UTF8.GetBytes(value, s);
        s[byteCount] = 0;
    }

    /// <summary>The uint32 element count in front of a sequence.</summary>
    public void WriteSequenceLength(int count) => WriteUInt32(checked((uint)count));

    /// <summary>uint8[]: count then bytes.</summary>
    public void WriteUInt8Sequence(ReadOnlySpan<byte> values)
    {
        WriteSequenceLength(values.Length);
        values.CopyTo(Reserve(values.Length, 1));
    }

    /// <summary>int8[]: count then bytes.</summary>
    public void WriteInt8Sequence(ReadOnlySpan<sbyte> values) => WriteUInt8Sequence(MemoryMarshal.AsBytes(values));

    /// <summary>float64[]: count then values (aligned to 8 when there is at least one).</summary>
    public void WriteFloat64Sequence(ReadOnlySpan<double> values)
    {
        WriteSequenceLength(values.Length);
        WriteFloat64Values(values);
    }

    /// <summary>float64[<paramref name="expectedLength"/>]: a fixed array, values only.</summary>
    /// <exception cref="CdrException">The array does not have <paramref name="expectedLength"/> values.</exception>
    public void WriteFloat64Array(ReadOnlySpan<double> values, int expectedLength, string field)
    {
        if (values.Length != expectedLength)
            throw new CdrException($"{field} is float64[{expectedLength}]: expected {expectedLength} values, found {values.Length}");
        WriteFloat64Values(values);
    }

    private void WriteFloat64Values(ReadOnlySpan<double> values)
    {
        if (values.Length == 0) return;
        var s = Reserve(checked(values.Length * 8), 8);
        if (IsBigEndian == !BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(values).CopyTo(s);
            return;
        }
        for (int i = 0; i < values.Length; i++)
        {
            if (IsBigEndian) BinaryPrimitives.WriteDoubleBigEndian(s.Slice(i * 8, 8), values[i]);
            else BinaryPrimitives.WriteDoubleLittleEndian(s.Slice(i * 8, 8), values[i]);
        }
    }

    /// <summary>Pads with zeros to <paramref name="alignment"/> (relative to the payload start) and returns the next
    /// <paramref name="size"/> bytes to fill.</summary>
    private Span<byte> Reserve(int size, int alignment)
    {
        int payload = _length - CdrEncapsulation.HeaderSize;
        int padding = ((payload + alignment - 1) & ~(alignment - 1)) - payload;
        int needed = checked(_length + padding + size);
        if (needed > _buffer.Length)
            Array.Resize(ref _buffer, Math.Max(needed, checked(_buffer.Length * 2)));
        _buffer.AsSpan(_length, padding).Clear();
        _length += padding;
        var span = _buffer.AsSpan(_length, size);
        _length += size;
        return span;
    }
}
