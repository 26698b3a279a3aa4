using NiceSlam.Messages.GeometryMsgs;

namespace NiceSlam.Messages.Tf2Msgs;

/// <summary>tf2_msgs/msg/TFMessage: what /tf and /tf_static carry.</summary>
public sealed record TFMessage
{
    public const string TypeName = "tf2_msgs/msg/TFMessage";

    public TransformStamped[] Transforms { get; init; } = [];
}
