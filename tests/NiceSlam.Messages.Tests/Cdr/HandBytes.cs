using System.Buffers.Binary;
using System.Text;

namespace NiceSlam.Messages.Tests.Cdr;

/// <summary>Builds an expected CDR byte vector by hand in the tests: every byte, padding included, is appended
/// explicitly by the test (no alignment is computed here), so the vectors check the serializer rather than repeat it.</summary>
internal sealed class HandBytes
{
    private readonly List<byte> _bytes = [];
    private readonly bool _bigEndian;

    private HandBytes(bool bigEndian) => _bigEndian = bigEndian;

    /// <summary>Starts with the encapsulation header 00 01 00 00 (CDR_LE).</summary>
    public static HandBytes Le() => new HandBytes(false).Hex("00 01 00 00");

    /// <summary>Starts with the encapsulation header 00 00 00 00 (CDR_BE).</summary>
    public static HandBytes Be() => new HandBytes(true).Hex("00 00 00 00");

    /// <summary>Payload length so far (bytes after the 4-byte header), to check the offsets written in comments.</summary>
    public int Offset => _bytes.Count - 4;

    public HandBytes Hex(string hex)
    {
        _bytes.AddRange(Convert.FromHexString(hex.Replace(" ", "")));
        return this;
    }

    /// <summary>n zero padding bytes.</summary>
    public HandBytes Pad(int n)
    {
        for (int i = 0; i < n; i++) _bytes.Add(0);
        return this;
    }

    public HandBytes U8(byte v) { _bytes.Add(v); return this; }

    public HandBytes U32(uint v) => Put(4, s => { if (_bigEndian) BinaryPrimitives.WriteUInt32BigEndian(s, v); else BinaryPrimitives.WriteUInt32LittleEndian(s, v); });

    public HandBytes I32(int v) => Put(4, s => { if (_bigEndian) BinaryPrimitives.WriteInt32BigEndian(s, v); else BinaryPrimitives.WriteInt32LittleEndian(s, v); });

    public HandBytes U64(ulong v) => Put(8, s => { if (_bigEndian) BinaryPrimitives.WriteUInt64BigEndian(s, v); else BinaryPrimitives.WriteUInt64LittleEndian(s, v); });

    public HandBytes F32(float v) => Put(4, s => { if (_bigEndian) BinaryPrimitives.WriteSingleBigEndian(s, v); else BinaryPrimitives.WriteSingleLittleEndian(s, v); });

    public HandBytes F64(params double[] values)
    {
        foreach (var v in values)
            Put(8, s => { if (_bigEndian) BinaryPrimitives.WriteDoubleBigEndian(s, v); else BinaryPrimitives.WriteDoubleLittleEndian(s, v); });
        return this;
    }

    /// <summary>The raw ASCII bytes of <paramref name="text"/> followed by NUL (the length is written separately).</summary>
    public HandBytes Chars(string text)
    {
        _bytes.AddRange(Encoding.ASCII.GetBytes(text));
        _bytes.Add(0);
        return this;
    }

    public HandBytes At(int expectedOffset)
    {
        Assert.True(Offset == expectedOffset, $"hand vector: expected to be at payload offset {expectedOffset}, at {Offset}");
        return this;
    }

    public byte[] ToArray() => _bytes.ToArray();

    private HandBytes Put(int size, SpanAction write)
    {
        var buffer = new byte[size];
        write(buffer);
        _bytes.AddRange(buffer);
        return this;
    }

    private delegate void SpanAction(Span<byte> span);
}
