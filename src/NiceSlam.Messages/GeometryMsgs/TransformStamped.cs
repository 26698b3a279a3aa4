using NiceSlam.Messages.StdMsgs;

namespace NiceSlam.Messages.GeometryMsgs;

/// <summary>geometry_msgs/msg/TransformStamped: the transform from <see cref="Header"/>.FrameId (parent) to
/// <see cref="ChildFrameId"/>, i.e. it maps child coordinates into the parent frame.</summary>
public sealed record TransformStamped
{
    public const string TypeName = "geometry_msgs/msg/TransformStamped";

    public Header Header { get; init; } = new();
    public string ChildFrameId { get; init; } = "";
    public Transform Transform { get; init; } = Transform.Identity;
}
