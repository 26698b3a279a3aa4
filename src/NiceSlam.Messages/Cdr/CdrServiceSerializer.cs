using System.Collections.Frozen;
using NiceSlam.Messages.Cdr.Codecs;

namespace NiceSlam.Messages.Cdr;

/// <summary>
/// CDR of service requests and responses (the node's nice_slam_msgs services and the rcl_interfaces parameter services), as a DDS transport puts them on
/// the wire (rmw_cyclonedds adds its 16-byte request header in front of the payload; see NiceSlam.Dds). Kept apart
/// from <see cref="CdrSerializer"/>: services are not topic messages, and one response record
/// (<see cref="NiceSlamMsgs.MapServiceResponse"/>) answers several service types.
/// </summary>
public static class CdrServiceSerializer
{
    private static readonly FrozenDictionary<Type, (string Service, CdrCodec Request, CdrCodec Response)> ByRequest =
        Services().ToFrozenDictionary(s => s.Request.ClrType);

    private static readonly FrozenDictionary<Type, CdrCodec> ByResponse =
        Services().GroupBy(s => s.Response.ClrType).ToFrozenDictionary(g => g.Key, g => g.First().Response);

    /// <summary>The node's own services and the rcl_interfaces parameter services it answers.</summary>
    private static IEnumerable<(string Service, CdrCodec Request, CdrCodec Response)> Services() =>
        [.. NiceSlamSrvCodecs.All(), .. RclInterfacesSrvCodecs.All()];

    /// <summary>Request record types that have a service.</summary>
    public static IEnumerable<Type> RequestTypes => ByRequest.Keys;

    /// <summary>The ROS service type ("nice_slam_msgs/srv/SaveMap") served with <paramref name="requestType"/>
    /// requests, and its response record type.</summary>
    /// <exception cref="CdrException">No service takes that request type.</exception>
    public static (string ServiceType, Type ResponseType) ServiceOf(Type requestType) =>
        ByRequest.TryGetValue(requestType, out var s)
            ? (s.Service, s.Response.ClrType)
            : throw new CdrException($"no service takes {requestType.FullName} requests; known: {string.Join(", ", ByRequest.Keys.Select(k => k.Name))}");

    /// <summary>Encapsulation header + CDR payload of a request or response record.</summary>
    public static byte[] Serialize<T>(T value) where T : notnull
    {
        ArgumentNullException.ThrowIfNull(value);
        var writer = new CdrWriter();
        CodecOf(value.GetType()).WriteBoxed(writer, value);
        return writer.ToArray();
    }

    /// <summary>Reads a request or response record (encapsulation header included).</summary>
    /// <exception cref="CdrException">Malformed data, bytes left over, or no codec for <typeparamref name="T"/>.</exception>
    public static T Deserialize<T>(ReadOnlySpan<byte> data) where T : notnull
    {
        var codec = CodecOf(typeof(T));
        var reader = new CdrReader(data);
        var value = (T)codec.ReadBoxed(ref reader);
        if (reader.Remaining > CdrSerializer.MaxTrailingPadding)
            throw new CdrException($"CDR data for {codec.RosTypeName} has {reader.Remaining} bytes left over at offset {reader.Position}");
        return value;
    }

    private static CdrCodec CodecOf(Type type) =>
        ByRequest.TryGetValue(type, out var s) ? s.Request
        : ByResponse.TryGetValue(type, out var c) ? c
        : throw new CdrException($"no service request or response codec for {type.FullName}");
}
