using System.Buffers.Binary;
using NiceSlam.Messages.Cdr;

namespace NiceSlam.Dds.Ros;

/// <summary>
/// rmw_cyclonedds' service framing (cdds_request_header_t): every request and reply sample carries, right after the
/// 4-byte CDR encapsulation header and before the message's own fields, the client's writer id (uint64: the
/// instance handle of the client's request writer) and the request's sequence number (int64), in the sample's
/// byte order. A reply repeats its request's header, so the client can pick its own answers. (rmw_fastrtps frames
/// requests differently, with RTPS sample identities: services here need an rmw_cyclonedds peer.)
/// </summary>
public readonly record struct RequestHeader(ulong Guid, long Sequence)
{
    public const int Size = 16;

    /// <summary>Bytes of the encapsulation header plus the request header.</summary>
    public const int Prefix = CdrEncapsulation.HeaderSize + Size;

    /// <summary>Inserts this header into a serialized message (encapsulation header + payload). The payload stays
    /// aligned: 16 is a multiple of every CDR alignment.</summary>
    public byte[] Frame(ReadOnlySpan<byte> message)
    {
        if (message.Length < CdrEncapsulation.HeaderSize) throw new ArgumentException("a serialized message starts with its 4-byte encapsulation header", nameof(message));
        var framed = new byte[message.Length + Size];
        message[..CdrEncapsulation.HeaderSize].CopyTo(framed);
        bool bigEndian = IsBigEndian(message);
        var h = framed.AsSpan(CdrEncapsulation.HeaderSize, Size);
        if (bigEndian) { BinaryPrimitives.WriteUInt64BigEndian(h, Guid); BinaryPrimitives.WriteInt64BigEndian(h[8..], Sequence); }
        else { BinaryPrimitives.WriteUInt64LittleEndian(h, Guid); BinaryPrimitives.WriteInt64LittleEndian(h[8..], Sequence); }
        message[CdrEncapsulation.HeaderSize..].CopyTo(framed.AsSpan(Prefix));
        return framed;
    }

    /// <summary>Splits a framed sample into its header and the message (encapsulation header + payload).</summary>
    /// <exception cref="CdrException">Shorter than the two headers.</exception>
    public static (RequestHeader Header, byte[] Message) Unframe(ReadOnlySpan<byte> framed)
    {
        if (framed.Length < Prefix)
            throw new CdrException($"a service sample of {framed.Length} bytes cannot hold the {Prefix} bytes of the CDR and request headers");
        bool bigEndian = IsBigEndian(framed);
        var h = framed.Slice(CdrEncapsulation.HeaderSize, Size);
        var header = bigEndian
            ? new RequestHeader(BinaryPrimitives.ReadUInt64BigEndian(h), BinaryPrimitives.ReadInt64BigEndian(h[8..]))
            : new RequestHeader(BinaryPrimitives.ReadUInt64LittleEndian(h), BinaryPrimitives.ReadInt64LittleEndian(h[8..]));
        var message = new byte[framed.Length - Size];
        framed[..CdrEncapsulation.HeaderSize].CopyTo(message);
        framed[Prefix..].CopyTo(message.AsSpan(CdrEncapsulation.HeaderSize));
        return (header, message);
    }

    private static bool IsBigEndian(ReadOnlySpan<byte> cdr)
    {
        ushort id = BinaryPrimitives.ReadUInt16BigEndian(cdr);
        return id switch
        {
            CdrEncapsulation.CdrBigEndian => true,
            CdrEncapsulation.CdrLittleEndian => false,
            _ => throw new CdrException($"unsupported CDR representation 0x{id:x4} ({CdrEncapsulation.NameOf(id)}) in a service sample"),
        };
    }
}
