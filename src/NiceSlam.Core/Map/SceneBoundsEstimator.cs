using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Map;

/// <summary>
/// Derives the scene bounds from the first frames when the user gives none (the official code needs them set by
/// hand for every scene): the box of the frames' world points (1st..99th percentile per axis, robust to stray
/// depth) joined with a cube of the sensor's reach (99th-percentile depth) around each camera centre, so that turning
/// in place stays inside, grown by a margin for what the camera will see next.
/// </summary>
internal static class SceneBoundsEstimator
{
    public const double LowerPercentile = 0.01, UpperPercentile = 0.99;

    /// <exception cref="ArgumentException">no frame has valid depth.</exception>
    public static Bounds3 Estimate(IReadOnlyList<(RgbdFrame Frame, RigidTransform CameraToWorld)> views, double margin)
    {
        if (!(margin >= 0)) throw new ArgumentOutOfRangeException(nameof(margin), "margin must be >= 0");
        using var scope = NewDisposeScope();
        var clouds = new List<Tensor>();
        foreach (var (frame, pose) in views)
        {
            var depth = tensor(frame.Depth, float32).reshape(frame.Height, frame.Width);
            var points = PinholeCamera.Backproject(depth, frame.Intrinsics);                // [H*W, 3]
            var valid = depth.reshape(-1) > 0;
            if (valid.any().item<bool>()) clouds.Add(PinholeCamera.Transform(points[valid], pose));
        }
        if (clouds.Count == 0) throw new ArgumentException("cannot derive scene bounds: the first frames have no valid depth; give the bounds in the configuration");
        var all = cat(clouds, 0);                                                                 // [N, 3]
        var sorted = all.sort(0).Values;
        long n = sorted.shape[0];
        var low = sorted[(long)Math.Floor(LowerPercentile * (n - 1))].to(float64).data<double>().ToArray();
        var high = sorted[(long)Math.Ceiling(UpperPercentile * (n - 1))].to(float64).data<double>().ToArray();
        // The camera stands in the scene and will turn: everything within the sensor's reach (the 99th-percentile
        // depth) around each camera centre belongs inside too, so a camera rotating in place keeps its map.
        var depths = cat(views.Select(v => tensor(v.Frame.Depth, float32)).ToArray()).nan_to_num(0);
        var measured = depths[depths > 0].sort().Values;
        double reach = measured[(long)Math.Ceiling(UpperPercentile * (measured.shape[0] - 1))].item<float>();
        double minX = low[0], minY = low[1], minZ = low[2], maxX = high[0], maxY = high[1], maxZ = high[2];
        foreach (var (_, pose) in views)
        {
            minX = Math.Min(minX, pose.Tx - reach); minY = Math.Min(minY, pose.Ty - reach); minZ = Math.Min(minZ, pose.Tz - reach);
            maxX = Math.Max(maxX, pose.Tx + reach); maxY = Math.Max(maxY, pose.Ty + reach); maxZ = Math.Max(maxZ, pose.Tz + reach);
        }
        return new Bounds3(minX, minY, minZ, maxX, maxY, maxZ).Expanded(margin);
    }
}
