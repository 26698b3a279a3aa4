using NiceSlam.Messages.Tf2Msgs;
using NiceSlam.Messages.VisualizationMsgs;

namespace NiceSlam.Ros;

public static partial class RosMessageConversions
{
    /// <summary>visualization_msgs/Marker. The texture fields (texture_resource, texture, uv_coordinates) and
    /// mesh_file, which the record does not model, keep the generated defaults (empty).</summary>
    public static global::visualization_msgs.msg.Marker ToRos(Marker m)
    {
        if (m.Colors.Length != 0 && m.Colors.Length != m.Points.Length)
            throw new ArgumentException(
                $"Marker.Colors must be empty or one per point ({m.Points.Length}), found {m.Colors.Length}", nameof(m));
        return new()
        {
            Header = ToRos(m.Header),
            Ns = m.Ns ?? "",
            Id = m.Id,
            Type = m.Type,
            Action = m.Action,
            Pose = ToRos(m.Pose),
            Scale = ToRos(m.Scale),
            Color = ToRos(m.Color),
            Lifetime = ToRos(m.Lifetime),
            FrameLocked = m.FrameLocked,
            Points = m.Points.Select(ToRos).ToList(),
            Colors = m.Colors.Select(ToRos).ToList(),
            Text = m.Text ?? "",
            MeshResource = m.MeshResource ?? "",
            MeshUseEmbeddedMaterials = m.MeshUseEmbeddedMaterials,
        };
    }

    public static Marker FromRos(global::visualization_msgs.msg.Marker m) => new()
    {
        Header = FromRos(m.Header),
        Ns = m.Ns ?? "",
        Id = m.Id,
        Type = m.Type,
        Action = m.Action,
        Pose = FromRos(m.Pose),
        Scale = FromRos(m.Scale),
        Color = FromRos(m.Color),
        Lifetime = FromRos(m.Lifetime),
        FrameLocked = m.FrameLocked,
        Points = m.Points.Select(FromRos).ToArray(),
        Colors = m.Colors.Select(FromRos).ToArray(),
        Text = m.Text ?? "",
        MeshResource = m.MeshResource ?? "",
        MeshUseEmbeddedMaterials = m.MeshUseEmbeddedMaterials,
    };

    public static global::tf2_msgs.msg.TFMessage ToRos(TFMessage m) => new() { Transforms = m.Transforms.Select(ToRos).ToList() };

    public static TFMessage FromRos(global::tf2_msgs.msg.TFMessage m) => new() { Transforms = m.Transforms.Select(FromRos).ToArray() };
}
