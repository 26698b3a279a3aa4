using NiceSlam.Messages.Cdr;

namespace NiceSlam.Foxglove;

/// <summary>A published message on its way to the clients: serialized to CDR once, by the first client send loop
/// that needs it (never on the publisher's thread), and shared by every client.</summary>
internal sealed class OutgoingMessage(FoxgloveChannel channel, object message, ulong receiveTimeNs)
{
    private byte[]? cdr;

    public FoxgloveChannel Channel { get; } = channel;
    public object Message { get; } = message;
    public ulong ReceiveTimeNs { get; } = receiveTimeNs;

    /// <summary>The encapsulation header and CDR payload, exactly as the DDS transport sends them.</summary>
    /// <exception cref="CdrException">A field the wire format cannot carry.</exception>
    public byte[] Cdr => Volatile.Read(ref cdr) ?? Serialize();

    private byte[] Serialize()
    {
        var bytes = CdrSerializer.Serialize(Message);
        Interlocked.CompareExchange(ref cdr, bytes, null);
        return Volatile.Read(ref cdr)!;
    }
}
