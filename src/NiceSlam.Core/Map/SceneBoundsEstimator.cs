using NiceSlam.Core.Compute;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Map;

/// <summary>
/// Derives the scene bounds from the first frames when the user gives none (the official code needs them set by
/// hand for every scene): the box of the frames' world points (1st..99th percentile per axis, robust to stray
/// depth), for a map that cannot grow joined with a cube of the sensor's reach (99th-percentile depth) around each
/// camera centre, so that turning in place stays inside, grown by a margin for what the camera will see next.
/// <see cref="Seen"/> gives one mapped frame's box, which a growing map must hold.
/// </summary>
internal static class SceneBoundsEstimator
{
    public const double LowerPercentile = 0.01, UpperPercentile = 0.99;

    /// <exception cref="ArgumentException">no frame has valid depth.</exception>
    public static Bounds3 Estimate(IReadOnlyList<(RgbdFrame Frame, RigidTransform CameraToWorld)> views, double margin, bool sensorReach = true)
    {
        if (!(margin >= 0)) throw new ArgumentOutOfRangeException(nameof(margin), "margin must be >= 0");
        using var scope = NewDisposeScope();
        var clouds = new List<Tensor>();
        foreach (var (frame, pose) in views)
        {
            var depth = tensor(frame.Depth, float32).reshape(frame.Height, frame.Width).nan_to_num(0);
            if (WorldPoints(depth, frame.Intrinsics, pose) is { } points) clouds.Add(points);
        }
        if (clouds.Count == 0) throw new ArgumentException("cannot derive scene bounds: the first frames have no valid depth; give the bounds in the configuration");
        var box = views.Aggregate(PercentileBox(cat(clouds, 0)), (b, v) => b.Union(At(v.CameraToWorld)));   // rays start inside
        if (!sensorReach) return box.Expanded(margin);
        // The camera stands in the scene and will turn: everything within the sensor's reach (the 99th-percentile
        // depth) around each camera centre belongs inside too, so a camera rotating in place keeps its map.
        var depths = cat(views.Select(v => tensor(v.Frame.Depth, float32)).ToArray()).nan_to_num(0);
        var measured = depths[depths > HeldScalars.Zero].sort().Values;
        double reach = measured[(long)Math.Ceiling(UpperPercentile * (measured.shape[0] - 1))].item<float>();
        double minX = box.MinX, minY = box.MinY, minZ = box.MinZ, maxX = box.MaxX, maxY = box.MaxY, maxZ = box.MaxZ;
        foreach (var (_, pose) in views)
        {
            minX = Math.Min(minX, pose.Tx - reach); minY = Math.Min(minY, pose.Ty - reach); minZ = Math.Min(minZ, pose.Tz - reach);
            maxX = Math.Max(maxX, pose.Tx + reach); maxY = Math.Max(maxY, pose.Ty + reach); maxZ = Math.Max(maxZ, pose.Tz + reach);
        }
        return new Bounds3(minX, minY, minZ, maxX, maxY, maxZ).Expanded(margin);
    }

    /// <summary>The box of one frame's world points (1st..99th percentile per axis; depth [H*W] metres, 0 where
    /// unmeasured) and its camera centre (rendered rays start there, inside the bounds), without margin; null when no
    /// pixel has depth.</summary>
    public static Bounds3? Seen(Tensor depth, CameraIntrinsics intrinsics, RigidTransform cameraToWorld)
    {
        using var scope = NewDisposeScope();
        return WorldPoints(depth.reshape(intrinsics.Height, intrinsics.Width), intrinsics, cameraToWorld) is { } points
            ? PercentileBox(points).Union(At(cameraToWorld))
            : null;
    }

    /// <summary>A box of no extent at the camera centre.</summary>
    private static Bounds3 At(RigidTransform cameraToWorld) =>
        new(cameraToWorld.Tx, cameraToWorld.Ty, cameraToWorld.Tz, cameraToWorld.Tx, cameraToWorld.Ty, cameraToWorld.Tz);

    /// <summary>World points [N, 3] of the pixels with depth &gt; 0 (depth [H, W]); null when there are none.</summary>
    private static Tensor? WorldPoints(Tensor depth, CameraIntrinsics intrinsics, RigidTransform cameraToWorld)
    {
        var points = PinholeCamera.Backproject(depth, intrinsics);                                 // [H*W, 3]
        var valid = depth.reshape(-1) > HeldScalars.Zero;                                                        // [H*W]
        return valid.any().item<bool>() ? PinholeCamera.Transform(points[valid], cameraToWorld) : null;
    }

    /// <summary>Per axis, the 1st and 99th percentile of points [N, 3] (N &gt; 0).</summary>
    private static Bounds3 PercentileBox(Tensor points)
    {
        var sorted = points.sort(0).Values;                                                         // [N, 3]
        long n = sorted.shape[0];
        var low = sorted[(long)Math.Floor(LowerPercentile * (n - 1))].to(float64).cpu().data<double>().ToArray();
        var high = sorted[(long)Math.Ceiling(UpperPercentile * (n - 1))].to(float64).cpu().data<double>().ToArray();
        return new Bounds3(low[0], low[1], low[2], high[0], high[1], high[2]);      // flat on an axis for one plane seen square on
    }
}
