using NiceSlam.Messages.StdMsgs;

namespace NiceSlam.Ros;

/// <summary>
/// Converts between the node's message records (NiceSlam.Messages) and the classes rosidl_generator_dotnet
/// generates for the same ROS 2 messages (namespace <c>pkg.msg</c>, class per message, PascalCase properties;
/// fixed-size arrays as <c>T[]</c> of exactly that length, sequences as <c>List&lt;T&gt;</c>, nested messages as
/// class instances created by the generated constructor). One <c>ToRos</c>/<c>FromRos</c> pair per type; no
/// field is dropped or invented except the ROS fields the records do not model (Marker textures, mesh_file),
/// which keep the generated defaults.
/// </summary>
public static partial class RosMessageConversions
{
    public static global::builtin_interfaces.msg.Time ToRos(Time t) => new() { Sec = t.Sec, Nanosec = t.Nanosec };

    public static Time FromRos(global::builtin_interfaces.msg.Time t) => new(t.Sec, t.Nanosec);

    public static global::builtin_interfaces.msg.Duration ToRos(Duration d) => new() { Sec = d.Sec, Nanosec = d.Nanosec };

    public static Duration FromRos(global::builtin_interfaces.msg.Duration d) => new(d.Sec, d.Nanosec);

    public static global::std_msgs.msg.Header ToRos(Header h) => new() { Stamp = ToRos(h.Stamp), FrameId = h.FrameId ?? "" };

    public static Header FromRos(global::std_msgs.msg.Header h) => new(FromRos(h.Stamp), h.FrameId ?? "");

    public static global::std_msgs.msg.ColorRGBA ToRos(ColorRGBA c) => new() { R = c.R, G = c.G, B = c.B, A = c.A };

    public static ColorRGBA FromRos(global::std_msgs.msg.ColorRGBA c) => new(c.R, c.G, c.B, c.A);

    /// <summary>Copies <paramref name="source"/> into a generated fixed-size array field (rcldotnet throws at
    /// publish time when such an array has another length, so the length is checked here with the field's name).</summary>
    private static T[] FixedArray<T>(T[] source, int length, string field)
    {
        ArgumentNullException.ThrowIfNull(source, field);
        if (source.Length != length)
            throw new ArgumentException($"{field} must have exactly {length} elements, found {source.Length}", field);
        return (T[])source.Clone();
    }

    /// <summary>A sequence field: List&lt;T&gt;'s ICollection constructor copies in one block.</summary>
    private static List<T> Sequence<T>(T[]? source) => source is null ? [] : new List<T>(source);
}
