using NiceSlam.Core.Geometry;
using NiceSlam.Core.Slam;
using NiceSlam.Messages.GeometryMsgs;
using NiceSlam.Messages.NavMsgs;
using NiceSlam.Messages.StdMsgs;

namespace NiceSlam.Node.Conversions;

/// <summary>What <see cref="PathBuilder.Update"/> did with the engine's trajectory.</summary>
public enum PathChange
{
    /// <summary>Same poses as before.</summary>
    None,
    /// <summary>New poses after the ones held (tracking went on).</summary>
    Appended,
    /// <summary>Earlier poses changed (bundle adjustment refined them, or the trajectory restarted): all replaced.</summary>
    Replaced,
}

/// <summary>
/// The camera trajectory as a nav_msgs/Path in the map frame (camera optical frame poses, see
/// <see cref="MapFrameConvention.CameraInMap"/>). Fed with the engine's whole trajectory each time: poses that
/// extend the held ones are appended; when any held pose differs (refined by bundle adjustment) all are replaced.
/// </summary>
public sealed class PathBuilder
{
    private readonly List<PoseEstimate> held = [];
    private readonly List<PoseStamped> poses = [];

    public PathBuilder(string mapFrame)
    {
        if (string.IsNullOrWhiteSpace(mapFrame)) throw new ArgumentException($"mapFrame must name a frame, got \"{mapFrame}\"", nameof(mapFrame));
        MapFrame = mapFrame;
    }

    public string MapFrame { get; }

    /// <summary>The engine's world in the map frame (<see cref="MapFrameConvention.MapFromWorld"/> unless the map was
    /// anchored to ground truth); changing it rebuilds the path.</summary>
    public RigidTransform MapFromWorld
    {
        get => mapFromWorld;
        set
        {
            if (value == mapFromWorld) return;
            mapFromWorld = value;
            held.Clear();
            poses.Clear();
        }
    }

    private RigidTransform mapFromWorld = MapFrameConvention.MapFromWorld;

    public int Count => poses.Count;

    /// <summary>Brings the path up to date with the engine's trajectory (camera-to-world poses, in order).</summary>
    public PathChange Update(IReadOnlyList<PoseEstimate> trajectory)
    {
        ArgumentNullException.ThrowIfNull(trajectory);
        bool prefixKept = trajectory.Count >= held.Count;
        for (int i = 0; prefixKept && i < held.Count; i++)
            prefixKept = held[i].Timestamp == trajectory[i].Timestamp && held[i].Pose == trajectory[i].Pose;
        if (prefixKept && trajectory.Count == held.Count) return PathChange.None;
        if (!prefixKept)
        {
            held.Clear();
            poses.Clear();
        }
        for (int i = held.Count; i < trajectory.Count; i++)
        {
            held.Add(trajectory[i]);
            poses.Add(Stamped(trajectory[i].Timestamp, trajectory[i].Pose));
        }
        return prefixKept ? PathChange.Appended : PathChange.Replaced;
    }

    /// <summary>The path; its stamp is the last pose's (zero when empty).</summary>
    public NiceSlam.Messages.NavMsgs.Path Build() => new()
    {
        Header = new Header(poses.Count == 0 ? default : poses[^1].Header.Stamp, MapFrame),
        Poses = [.. poses],
    };

    private PoseStamped Stamped(double timestamp, RigidTransform cameraToWorld) => new()
    {
        Header = new Header(Time.FromSeconds(timestamp), MapFrame),
        Pose = TransformConversions.ToPose(mapFromWorld * cameraToWorld),
    };
}
