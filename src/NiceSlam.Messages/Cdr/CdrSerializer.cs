namespace NiceSlam.Messages.Cdr;

/// <summary>Serializes the message model to and from the ROS 2 wire format (XCDR1 plain CDR with the 4-byte
/// encapsulation header), field by field in .msg order, as rmw_fastrtps / rmw_cyclonedds and rosbag2 do.
/// Supported: builtin_interfaces Time/Duration; std_msgs Header/ColorRGBA; geometry_msgs Vector3/Point/Quaternion/
/// Pose/Transform/Twist/TransformStamped/PoseStamped/PoseWithCovariance/TwistWithCovariance; sensor_msgs Image/
/// CompressedImage/CameraInfo/RegionOfInterest/PointField/PointCloud2; nav_msgs Path/Odometry/MapMetaData/
/// OccupancyGrid; tf2_msgs TFMessage; visualization_msgs Marker (Humble layout); nice_slam_msgs SlamStatus.</summary>
public static class CdrSerializer
{
    /// <summary>Trailing bytes tolerated after a message: XCDR1 writers may pad the payload to a multiple of 4.</summary>
    public const int MaxTrailingPadding = 3;

    /// <summary>All supported ROS type names ("package/msg/Name").</summary>
    public static IEnumerable<string> SupportedTypes => CdrCodecRegistry.RosTypeNames;

    /// <summary>The encapsulation header and the CDR payload of <paramref name="message"/>.</summary>
    /// <exception cref="CdrException">No codec for <typeparamref name="T"/>, or a field the wire format cannot
    /// carry (a fixed array of the wrong length, a string with a NUL).</exception>
    public static byte[] Serialize<T>(T message, bool bigEndian = false) where T : notnull
    {
        ArgumentNullException.ThrowIfNull(message);
        var writer = new CdrWriter(bigEndian);
        // A message passed as object (or a base type) is written by its runtime type's codec.
        if (CdrCodecRegistry.TryGet(typeof(T), out var codec)) ((CdrCodec<T>)codec).Write(writer, message);
        else CdrCodecRegistry.Get(message.GetType()).WriteBoxed(writer, message);
        return writer.ToArray();
    }

    /// <summary>Reads a <typeparamref name="T"/> from <paramref name="data"/> (header included).</summary>
    /// <exception cref="CdrException">Truncated or malformed data, an unsupported representation id, more than
    /// <see cref="MaxTrailingPadding"/> bytes left over, or no codec for <typeparamref name="T"/>.</exception>
    public static T Deserialize<T>(ReadOnlySpan<byte> data) where T : notnull
    {
        var codec = CdrCodecRegistry.Get<T>();
        var reader = new CdrReader(data);
        var message = codec.Read(ref reader);
        CheckFullyRead(ref reader, codec.RosTypeName);
        return message;
    }

    /// <summary>Reads a message of ROS type <paramref name="rosTypeName"/> ("pkg/msg/Name" or "pkg/Name").</summary>
    /// <exception cref="CdrException">"no CDR codec for message type '…'", or the data is malformed.</exception>
    public static object Deserialize(string rosTypeName, ReadOnlySpan<byte> data)
    {
        var codec = CdrCodecRegistry.Get(rosTypeName);
        var reader = new CdrReader(data);
        var message = codec.ReadBoxed(ref reader);
        CheckFullyRead(ref reader, codec.RosTypeName);
        return message;
    }

    /// <summary>True when a codec exists for <paramref name="rosTypeName"/> ("pkg/msg/Name" or "pkg/Name").</summary>
    public static bool IsSupported(string rosTypeName) =>
        rosTypeName is not null && CdrCodecRegistry.TryGet(rosTypeName, out _);

    /// <summary>True when <paramref name="type"/> is a message model type with a codec.</summary>
    public static bool IsSupportedType(Type type) => type is not null && CdrCodecRegistry.TryGet(type, out _);

    /// <summary>The ROS type name ("package/msg/Name") of a message model type.</summary>
    /// <exception cref="CdrException">The type has no codec.</exception>
    public static string RosTypeName(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return CdrCodecRegistry.Get(type).RosTypeName;
    }

    /// <summary>The CLR type that <paramref name="rosTypeName"/> deserializes to.</summary>
    /// <exception cref="CdrException">No codec for the name.</exception>
    public static Type ClrType(string rosTypeName) => CdrCodecRegistry.Get(rosTypeName).ClrType;

    private static void CheckFullyRead(ref CdrReader reader, string rosTypeName)
    {
        if (reader.Remaining > MaxTrailingPadding)
            throw new CdrException(
                $"CDR data for {rosTypeName} has {reader.Remaining} bytes left over at offset {reader.Position} " +
                $"(at most {MaxTrailingPadding} bytes of padding expected): the data is not this message type or layout");
    }
}
