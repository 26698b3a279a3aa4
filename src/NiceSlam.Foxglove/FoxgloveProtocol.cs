using System.Buffers.Binary;

namespace NiceSlam.Foxglove;

/// <summary>Constants and binary layouts of the Foxglove WebSocket protocol, version 1 (foxglove.websocket.v1, as
/// @foxglove/ws-protocol and foxglove_bridge implement it). Integers are little endian.</summary>
public static class FoxgloveProtocol
{
    /// <summary>The WebSocket subprotocol a client must request.</summary>
    public const string Subprotocol = "foxglove.websocket.v1";

    /// <summary>Message encoding of every channel: ROS 2 CDR with its 4-byte encapsulation header.</summary>
    public const string Encoding = "cdr";

    /// <summary>Schema encoding of every channel and service: ROS 2 .msg text with nested definitions.</summary>
    public const string SchemaEncoding = "ros2msg";

    /// <summary>Server to client, binary: op, subscription id u32, receive time u64 ns, payload.</summary>
    public const byte MessageDataOp = 0x01;

    /// <summary>Server to client, binary: op, service id u32, call id u32, encoding length u32, encoding, payload.</summary>
    public const byte ServiceCallResponseOp = 0x03;

    /// <summary>Client to server, binary: op, channel id u32, payload (client publishing; not offered here).</summary>
    public const byte ClientMessageDataOp = 0x01;

    /// <summary>Client to server, binary: op, service id u32, call id u32, encoding length u32, encoding, payload.</summary>
    public const byte ServiceCallRequestOp = 0x02;

    /// <summary>Bytes before the payload of a message data frame.</summary>
    public const int MessageDataHeaderLength = 1 + 4 + 8;

    /// <summary>Status levels of the "status" operation.</summary>
    public const int StatusInfo = 0, StatusWarning = 1, StatusError = 2;

    /// <summary>Writes the header of a message data frame into the first <see cref="MessageDataHeaderLength"/> bytes.</summary>
    public static void WriteMessageDataHeader(Span<byte> frame, uint subscriptionId, ulong receiveTimeNs)
    {
        frame[0] = MessageDataOp;
        BinaryPrimitives.WriteUInt32LittleEndian(frame[1..], subscriptionId);
        BinaryPrimitives.WriteUInt64LittleEndian(frame[5..], receiveTimeNs);
    }

    /// <summary>A complete service call request or response frame.</summary>
    public static byte[] ServiceCallFrame(byte op, uint serviceId, uint callId, string encoding, ReadOnlySpan<byte> payload)
    {
        int encodingLength = System.Text.Encoding.UTF8.GetByteCount(encoding);
        var frame = new byte[1 + 12 + encodingLength + payload.Length];
        frame[0] = op;
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(1), serviceId);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(5), callId);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(9), (uint)encodingLength);
        System.Text.Encoding.UTF8.GetBytes(encoding, frame.AsSpan(13));
        payload.CopyTo(frame.AsSpan(13 + encodingLength));
        return frame;
    }

    /// <summary>Reads a service call request frame; false when it is too short or its encoding length overruns it.</summary>
    public static bool TryReadServiceCall(ReadOnlyMemory<byte> message, out uint serviceId, out uint callId, out string encoding, out ReadOnlyMemory<byte> payload)
    {
        (serviceId, callId, encoding, payload) = (0, 0, "", default);
        var frame = message.Span;
        if (frame.Length < 13 || frame[0] != ServiceCallRequestOp) return false;
        serviceId = BinaryPrimitives.ReadUInt32LittleEndian(frame[1..]);
        callId = BinaryPrimitives.ReadUInt32LittleEndian(frame[5..]);
        uint encodingLength = BinaryPrimitives.ReadUInt32LittleEndian(frame[9..]);
        if (encodingLength > (uint)(frame.Length - 13)) return false;
        encoding = System.Text.Encoding.UTF8.GetString(frame.Slice(13, (int)encodingLength));
        payload = message[(13 + (int)encodingLength)..];
        return true;
    }
}
