using static TorchSharp.torch;

namespace NiceSlam.Pretraining.Scenes;

/// <summary>Training points with occupancy labels for a scene: uniform in its bounds plus points near its surface.</summary>
public static class OccupancySampler
{
    /// <summary>
    /// <paramref name="uniformCount"/> points uniform in the scene's (extended) bounds and
    /// <paramref name="nearSurfaceCount"/> exposed-surface points displaced by isotropic Gaussian noise (the first half
    /// with <paramref name="nearSigmaSmall"/>, the rest with <paramref name="nearSigmaLarge"/>, metres); labels
    /// 1 = occupied from <see cref="TrainingScene.Occupancy"/>. Returns float32 points [N, 3] and labels [N] in random
    /// order, N = uniformCount + nearSurfaceCount.
    /// </summary>
    public static (Tensor Points, Tensor Labels) Sample(TrainingScene scene, int uniformCount, int nearSurfaceCount, Generator generator,
        double nearSigmaSmall = 0.02, double nearSigmaLarge = 0.1)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentOutOfRangeException.ThrowIfNegative(uniformCount);
        ArgumentOutOfRangeException.ThrowIfNegative(nearSurfaceCount);
        if (!(nearSigmaSmall >= 0 && nearSigmaLarge >= 0) || !double.IsFinite(nearSigmaSmall + nearSigmaLarge))
            throw new ArgumentOutOfRangeException(nameof(nearSigmaSmall), "noise sigmas must be finite and >= 0");
        using var scope = NewDisposeScope();
        var b = scene.Bounds;
        var min = tensor(new[] { b.MinX, b.MinY, b.MinZ }, ScalarType.Float64);
        var size = tensor(new[] { b.SizeX, b.SizeY, b.SizeZ }, ScalarType.Float64);
        var parts = new List<Tensor> { rand(new long[] { uniformCount, 3 }, ScalarType.Float64, generator: generator) * size + min };
        if (nearSurfaceCount > 0)
        {
            var surface = scene.SampleSurface64(nearSurfaceCount, generator);
            int small = nearSurfaceCount / 2;
            var sigma = cat([full(small, nearSigmaSmall, ScalarType.Float64), full(nearSurfaceCount - small, nearSigmaLarge, ScalarType.Float64)]).unsqueeze(1);
            parts.Add(surface + randn(new long[] { nearSurfaceCount, 3 }, ScalarType.Float64, generator: generator) * sigma);
        }
        var points = cat(parts, 0);
        points = points.index_select(0, randperm(points.shape[0], generator: generator));
        var points32 = points.to(ScalarType.Float32);
        var labels = scene.Occupancy(points32);   // labels of the points as returned (after rounding to float32)
        return (points32.MoveToOuterDisposeScope(), labels.MoveToOuterDisposeScope());
    }
}
