using NiceSlam.Core.Compute;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Data.Checks;

/// <summary>What warping one frame's depth into another with the ground-truth poses found.</summary>
/// <param name="Overlap">Pixels of the source that land inside the target with valid depth in both.</param>
/// <param name="MedianAbsResidual">Median |z_warped - z_target| over the overlap, metres.</param>
/// <param name="InlierFraction">Share of the overlap with residual below the inlier threshold.</param>
public sealed record ReprojectionResult(int Overlap, double MedianAbsResidual, double InlierFraction);

/// <summary>
/// Data sanity check that needs no SLAM: back-project frame A's depth, move it with the ground-truth poses into
/// frame B (T_B⁻¹ T_A) and compare with B's depth at the nearest pixel. Wrong intrinsics, depth scale or pose
/// convention (the usual custom-dataset mistakes) show up as large residuals and few inliers.
/// </summary>
public static class DepthReprojectionCheck
{
    public static ReprojectionResult Compare(RgbdFrame a, RgbdFrame b, double inlierThreshold = 0.05)
    {
        if (a.GroundTruthPose is not { } poseA || b.GroundTruthPose is not { } poseB)
            throw new ArgumentException("both frames need a ground-truth pose");
        if (a.Intrinsics != b.Intrinsics) throw new ArgumentException("frames must share intrinsics");
        var k = a.Intrinsics;
        using var scope = NewDisposeScope();
        using var hs = new HeldScalars();
        var depthA = tensor(a.Depth, float64).reshape(k.Height, k.Width);
        var depthB = tensor(b.Depth, float64).reshape(k.Height, k.Width);
        var points = PinholeCamera.Backproject(depthA, k);                          // [H*W, 3] in A
        var valid = depthA.reshape(-1).gt(HeldScalars.Zero);                                          // [H*W]
        var inB = PinholeCamera.Transform(points[valid], poseB.Inverse() * poseA);   // [M, 3] in B
        var (u, v, z) = PinholeCamera.Project(inB, k);
        var ui = u.round();
        var vi = v.round();
        var inside = ui.ge(HeldScalars.Zero) & ui.lt(hs.Integer(k.Width)) & vi.ge(HeldScalars.Zero) & vi.lt(hs.Integer(k.Height)) & z.gt(HeldScalars.Zero);  // NaN compares false
        var index = vi[inside].mul(hs.Integer(k.Width)).add(ui[inside], HeldScalars.One).to(int64);
        var target = depthB.reshape(-1).index_select(0, index);
        var both = target.gt(HeldScalars.Zero);
        int overlap = (int)both.sum().item<long>();
        if (overlap == 0) return new ReprojectionResult(0, double.NaN, 0);
        var residual = (z[inside][both] - target[both]).abs();
        return new ReprojectionResult(
            overlap,
            residual.median().item<double>(),
            residual.lt(hs[inlierThreshold]).to(float64).mean().item<double>());
    }
}
