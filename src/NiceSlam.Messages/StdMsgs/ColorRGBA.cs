namespace NiceSlam.Messages.StdMsgs;

/// <summary>std_msgs/msg/ColorRGBA: components in [0, 1].</summary>
public readonly record struct ColorRGBA(float R, float G, float B, float A)
{
    public const string TypeName = "std_msgs/msg/ColorRGBA";
}
