using NiceSlam.Core.Geometry;

namespace NiceSlam.Core.Tracking;

/// <summary>
/// The frames the odometry aligns to: the last tracked frame, and tracking keyframes (DVO-SLAM's idea): a tracked
/// frame becomes one when the nearest keyframe's surface appears moved by more than a share of its depth from it,
/// so a camera that returns to a place aligns to the keyframe it made there instead of accumulating frame-to-frame
/// drift. At most a fixed number are kept (the oldest goes). Owns the frames it holds.
/// </summary>
public sealed class TrackingReferences(double keyframeMotion, int maxKeyframes) : IDisposable
{
    private readonly List<ReferenceFrame> keyframes = [];

    public ReferenceFrame? Last { get; private set; }
    public IReadOnlyList<ReferenceFrame> Keyframes => keyframes;

    /// <summary>The keyframe made most recently (the last good one).</summary>
    public ReferenceFrame? NewestKeyframe => keyframes.Count == 0 ? null : keyframes[^1];

    /// <summary>The keyframe whose surface appears least moved from <paramref name="pose"/>, other than frame
    /// <paramref name="except"/> (null when none).</summary>
    public ReferenceFrame? Nearest(RigidTransform pose, int except = -1) =>
        keyframes.Where(k => k.FrameIndex != except).MinBy(k => k.ApparentMotion(pose));

    /// <summary>What to align a frame predicted at <paramref name="pose"/> to.</summary>
    public ReferenceFrame? Select(RigidTransform pose, OdometryReference kind) => kind switch
    {
        OdometryReference.LastFrame => Last ?? Nearest(pose),
        _ => Nearest(pose) ?? Last,
    };

    /// <summary>The keyframe made from frame <paramref name="frameIndex"/>, or null when that frame is no keyframe (or
    /// has been dropped).</summary>
    public ReferenceFrame? Keyframe(int frameIndex) => keyframes.Find(k => k.FrameIndex == frameIndex);

    /// <summary>Whether a frame tracked to <paramref name="pose"/> would become a keyframe (<see cref="Accept"/>'s rule).</summary>
    public bool WouldBeKeyframe(RigidTransform pose) => Nearest(pose) is not { } nearest || nearest.ApparentMotion(pose) > keyframeMotion;

    /// <summary>
    /// Takes a well-tracked frame (its pyramid now belongs to this store): it is the last frame from now on, and a
    /// keyframe too when no keyframe lies within the keyframe motion of it (or <paramref name="forceKeyframe"/>).
    /// Returns whether it became a keyframe.
    /// </summary>
    public bool Accept(int frameIndex, double timestamp, RgbdPyramid pyramid, RigidTransform pose, bool forceKeyframe = false)
    {
        var frame = new ReferenceFrame(frameIndex, timestamp, pose, pyramid);
        bool keyframe = forceKeyframe || WouldBeKeyframe(pose);
        var previous = Last;
        Last = frame;
        if (keyframe)
        {
            keyframes.Add(frame);
            if (keyframes.Count > maxKeyframes)
            {
                var oldest = keyframes[0];
                keyframes.RemoveAt(0);
                if (!ReferenceEquals(oldest, Last)) oldest.Dispose();
            }
        }
        if (previous is not null && !keyframes.Contains(previous)) previous.Dispose();
        return keyframe;
    }

    /// <summary>Forgets every frame (a new map, an imported one).</summary>
    public void Clear()
    {
        foreach (var k in keyframes) k.Dispose();
        if (Last is not null && !keyframes.Contains(Last)) Last.Dispose();
        keyframes.Clear();
        Last = null;
    }

    public void Dispose() => Clear();
}
