using NiceSlam.Core.Geometry;

namespace NiceSlam.Core.Tracking;

/// <summary>What one frame's tracking did: the pose kept (the lowest-loss one), the loss at the initial pose and
/// the best loss (per inlier pixel), iterations, time, and the share of sampled pixels kept as static.</summary>
public sealed record TrackingResult(RigidTransform Pose, double InitialLoss, double BestLoss, int Iterations, double Milliseconds, double InlierShare)
{
    public double MillisecondsPerIteration => Iterations == 0 ? 0 : Milliseconds / Iterations;

    /// <summary>No pixel could be compared with the map (none inside the bounds, or the render failed): the pose
    /// is only the initial guess.</summary>
    public bool Lost => Iterations > 0 && !double.IsFinite(BestLoss);
}
