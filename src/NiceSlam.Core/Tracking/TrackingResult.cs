using NiceSlam.Core.Geometry;

namespace NiceSlam.Core.Tracking;

/// <summary>How a frame's tracking ended.</summary>
public enum TrackingOutcome
{
    /// <summary>Tracked by the configured front end.</summary>
    Tracked,

    /// <summary>The front end failed (or the rendering loss jumped) and re-tracking from the last good keyframe
    /// with a wide basin succeeded.</summary>
    Recovered,

    /// <summary>Nothing agreed: the pose is not trusted, the map is not updated from the frame.</summary>
    Lost,
}

/// <summary>
/// What one frame's tracking did: the pose kept; the rendering loss at the starting pose and the best one (per
/// inlier pixel; NaN when no rendering ran); rendering iterations; total time; the share of sampled pixels kept as
/// static; the odometry's result (null when it did not run) and time; the outcome, and why a frame is lost.
/// </summary>
public sealed record TrackingResult(RigidTransform Pose, double InitialLoss, double BestLoss, int Iterations, double Milliseconds, double InlierShare)
{
    public TrackingOutcome Outcome { get; init; } = TrackingOutcome.Tracked;

    /// <summary>Why the frame is lost (null unless <see cref="Lost"/>).</summary>
    public string? LostReason { get; init; }

    /// <summary>libtorch failed inside the step (the frame is lost with the error as its reason; see
    /// <c>TrackingSide.LostOnLibTorchFailure</c>).</summary>
    public bool LibTorchFailed { get; init; }

    /// <summary>For a lost frame, the pose of its best alignment when that failed on the inlier gate alone and
    /// narrowly (<see cref="OdometryResult.FailedOnlyInliers"/>, at least <see cref="Tracker.LostEstimateInlierShare"/>
    /// inliers): the frame is still lost (not mapped, no reference), but its path and the next frame's prediction
    /// follow the camera rather than stopping (null: nothing better than holding the last pose).</summary>
    public RigidTransform? LostEstimate { get; init; }

    /// <summary>The odometry's alignment that gave the pose (null: no odometry ran).</summary>
    public OdometryResult? Odometry { get; init; }

    /// <summary>Time spent in the odometry (pyramid included), milliseconds.</summary>
    public double OdometryMilliseconds { get; init; }

    /// <summary>The frame the odometry aligned to (-1: none, or a map render).</summary>
    public int ReferenceFrame { get; init; } = -1;

    /// <summary>The frame became a tracking keyframe.</summary>
    public bool Keyframe { get; init; }

    /// <summary>Whether the frame's pose came from aligning it to its keyframe and the last frame together
    /// (<see cref="Slam.OdometryOptions.KeyframeLastFrameWeight"/>).</summary>
    public bool KeyframeRefined { get; init; }

    /// <summary>Tracking keyframes the pose graph moved while taking this frame in (empty: none); frames tracked
    /// against one move with it.</summary>
    internal IReadOnlyList<KeyframeCorrection> Corrections { get; init; } = [];

    /// <summary>Edges the pose graph gained to keyframes older than the recent ones (a place seen long ago).</summary>
    public int LoopClosures { get; init; }

    public double MillisecondsPerIteration => Iterations == 0 ? 0 : Milliseconds / Iterations;

    /// <summary>The pose is not trusted: the frame is counted lost and not mapped.</summary>
    public bool Lost => Outcome == TrackingOutcome.Lost;

    public bool Recovered => Outcome == TrackingOutcome.Recovered;
}
