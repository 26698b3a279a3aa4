namespace NiceSlam.Messages.StdMsgs;

/// <summary>std_msgs/msg/Header: stamp and coordinate frame.</summary>
public sealed record Header
{
    public const string TypeName = "std_msgs/msg/Header";

    public Time Stamp { get; init; }
    public string FrameId { get; init; } = "";

    public Header() { }
    public Header(Time stamp, string frameId) { Stamp = stamp; FrameId = frameId; }
}
