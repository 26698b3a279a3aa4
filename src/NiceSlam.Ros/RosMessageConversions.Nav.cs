using NiceSlam.Messages.NavMsgs;
using Path = NiceSlam.Messages.NavMsgs.Path;

namespace NiceSlam.Ros;

public static partial class RosMessageConversions
{
    public static global::nav_msgs.msg.MapMetaData ToRos(MapMetaData m) => new()
    {
        MapLoadTime = ToRos(m.MapLoadTime),
        Resolution = m.Resolution,
        Width = m.Width,
        Height = m.Height,
        Origin = ToRos(m.Origin),
    };

    public static MapMetaData FromRos(global::nav_msgs.msg.MapMetaData m) => new()
    {
        MapLoadTime = FromRos(m.MapLoadTime),
        Resolution = m.Resolution,
        Width = m.Width,
        Height = m.Height,
        Origin = FromRos(m.Origin),
    };

    /// <summary>nav_msgs/OccupancyGrid: <c>int8[] data</c> is a List&lt;sbyte&gt;, row-major from the origin cell,
    /// width*height cells (checked: RViz rejects a grid whose data length differs).</summary>
    public static global::nav_msgs.msg.OccupancyGrid ToRos(OccupancyGrid m)
    {
        long cells = (long)m.Info.Width * m.Info.Height;
        if (m.Data.Length != cells)
            throw new ArgumentException(
                $"OccupancyGrid.Data must hold width*height = {m.Info.Width}*{m.Info.Height} = {cells} cells, found {m.Data.Length}", nameof(m));
        return new() { Header = ToRos(m.Header), Info = ToRos(m.Info), Data = Sequence(m.Data) };
    }

    public static OccupancyGrid FromRos(global::nav_msgs.msg.OccupancyGrid m) =>
        new() { Header = FromRos(m.Header), Info = FromRos(m.Info), Data = m.Data.ToArray() };

    public static global::nav_msgs.msg.Odometry ToRos(Odometry m) => new()
    {
        Header = ToRos(m.Header),
        ChildFrameId = m.ChildFrameId ?? "",
        Pose = ToRos(m.Pose),
        Twist = ToRos(m.Twist),
    };

    public static Odometry FromRos(global::nav_msgs.msg.Odometry m) => new()
    {
        Header = FromRos(m.Header),
        ChildFrameId = m.ChildFrameId ?? "",
        Pose = FromRos(m.Pose),
        Twist = FromRos(m.Twist),
    };

    public static global::nav_msgs.msg.Path ToRos(Path m) => new() { Header = ToRos(m.Header), Poses = m.Poses.Select(ToRos).ToList() };

    public static Path FromRos(global::nav_msgs.msg.Path m) => new() { Header = FromRos(m.Header), Poses = m.Poses.Select(FromRos).ToArray() };
}
