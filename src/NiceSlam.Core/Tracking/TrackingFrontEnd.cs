namespace NiceSlam.Core.Tracking;

/// <summary>How the tracker finds a frame's pose (setting <c>Tracking.FrontEnd</c>: <c>render</c>, <c>odometry</c>,
/// <c>odometry+render</c>).</summary>
public enum TrackingFrontEnd
{
    /// <summary>NICE-SLAM's rendering loss alone, optimised from the constant-velocity guess (the reference).</summary>
    Render,

    /// <summary>Dense RGB-D odometry alone (no rendering while tracking).</summary>
    Odometry,

    /// <summary>Dense RGB-D odometry, then a few iterations of the rendering loss from its pose.</summary>
    OdometryRender,
}

/// <summary>What the odometry aligns an incoming frame to.</summary>
public enum OdometryReference
{
    /// <summary>The tracking keyframe whose surface appears least moved from the predicted pose.</summary>
    Keyframe,

    /// <summary>The last tracked frame (frame to frame).</summary>
    LastFrame,

    /// <summary>Depth and colour rendered from the map at the predicted pose (frame to model, KinectFusion's idea).</summary>
    Rendered,
}
