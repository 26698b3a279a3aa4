using System.Collections.Frozen;
using NiceSlam.Messages.Cdr.Codecs;

namespace NiceSlam.Messages.Cdr;

/// <summary>All message codecs, by ROS type name ("package/msg/Name") and by CLR type.</summary>
internal static class CdrCodecRegistry
{
    private static readonly FrozenDictionary<string, CdrCodec> ByName;
    private static readonly FrozenDictionary<Type, CdrCodec> ByType;

    static CdrCodecRegistry()
    {
        CdrCodec[] all =
        [
            .. BuiltinInterfacesCodecs.All(), .. StdMsgsCodecs.All(), .. GeometryMsgsCodecs.All(),
            .. SensorMsgsCodecs.All(), .. NavMsgsCodecs.All(), .. Tf2MsgsCodecs.All(),
            .. VisualizationMsgsCodecs.All(), .. NiceSlamMsgsCodecs.All(),
        ];
        ByName = all.ToFrozenDictionary(c => c.RosTypeName, StringComparer.Ordinal);
        ByType = all.ToFrozenDictionary(c => c.ClrType);
    }

    public static IEnumerable<string> RosTypeNames => ByName.Keys;

    /// <summary>"pkg/Name" → "pkg/msg/Name"; other forms unchanged.</summary>
    public static string Canonical(string rosTypeName)
    {
        var parts = rosTypeName.Split('/');
        return parts.Length == 2 ? $"{parts[0]}/msg/{parts[1]}" : rosTypeName;
    }

    public static bool TryGet(string rosTypeName, out CdrCodec codec) =>
        ByName.TryGetValue(Canonical(rosTypeName), out codec!);

    public static CdrCodec Get(string rosTypeName)
    {
        ArgumentNullException.ThrowIfNull(rosTypeName);
        return TryGet(rosTypeName, out var codec)
            ? codec
            : throw new CdrException($"no CDR codec for message type '{rosTypeName}'");
    }

    public static CdrCodec<T> Get<T>() where T : notnull =>
        ByType.TryGetValue(typeof(T), out var codec)
            ? (CdrCodec<T>)codec
            : throw new CdrException($"no CDR codec for CLR type {typeof(T).FullName}");

    public static bool TryGet(Type type, out CdrCodec codec) => ByType.TryGetValue(type, out codec!);

    public static CdrCodec Get(Type type) =>
        ByType.TryGetValue(type, out var codec)
            ? codec
            : throw new CdrException($"no CDR codec for CLR type {type.FullName}");
}
