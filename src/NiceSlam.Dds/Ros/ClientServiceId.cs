using System.Globalization;
using System.Text;

namespace NiceSlam.Dds.Ros;

/// <summary>
/// rmw_cyclonedds' identity of one client or service (get_unique_csid): the participant's 12-byte GUID prefix
/// followed by a per-participant counter (1, 2, ...) in big-endian. It goes into the USER_DATA of the client's or
/// service's reader and writer as "clientid=...;" or "serviceid=...;", written as csid_to_string writes it: the
/// bytes in lower-case hex separated by dots, the first one right-aligned in a field of two (so "1" becomes " 1").
/// A service answers a request only once it has matched the reader with the requesting client's id.
/// </summary>
public sealed record ClientServiceId(byte[] Bytes)
{
    public static ClientServiceId Create(ReadOnlySpan<byte> participantGuid, uint counter)
    {
        if (participantGuid.Length != 16) throw new ArgumentException($"a DDSI GUID has 16 bytes, got {participantGuid.Length}", nameof(participantGuid));
        var bytes = new byte[16];
        participantGuid[..12].CopyTo(bytes);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(12), counter);
        return new ClientServiceId(bytes);
    }

    public override string ToString()
    {
        var s = new StringBuilder(Bytes[0].ToString("x", CultureInfo.InvariantCulture).PadLeft(2));
        for (int i = 1; i < Bytes.Length; i++) s.Append('.').Append(Bytes[i].ToString("x", CultureInfo.InvariantCulture));
        return s.ToString();
    }

    /// <summary>USER_DATA of a client's endpoints: "clientid=&lt;id&gt;;".</summary>
    public byte[] ClientUserData() => Encoding.ASCII.GetBytes($"clientid={this};");

    /// <summary>USER_DATA of a service's endpoints: "serviceid=&lt;id&gt;;".</summary>
    public byte[] ServiceUserData() => Encoding.ASCII.GetBytes($"serviceid={this};");
}
