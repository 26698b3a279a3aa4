using NiceSlam.Core.Compute;
using NiceSlam.Core.Meshing;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Data.Evaluation;

/// <summary>Accuracy (reconstruction → ground truth), completion (ground truth → reconstruction), both mean
/// distances in metres, the completion ratio (recall: share of ground-truth points within the threshold of the
/// reconstruction) and the accuracy ratio (precision: share of reconstruction points within the threshold of the
/// ground truth).</summary>
public sealed record ReconstructionResult(double Accuracy, double Completion, double CompletionRatio, double Threshold, int GroundTruthPoints, int MeshPoints,
    double AccuracyRatio = 0)
{
    /// <summary>Harmonic mean of the accuracy and completion ratios: high only when the surface is both where it
    /// should be and nowhere else (spurious surfaces raise completion but lower this).</summary>
    public double FScore => AccuracyRatio + CompletionRatio > 0 ? 2 * AccuracyRatio * CompletionRatio / (AccuracyRatio + CompletionRatio) : 0;
}

/// <summary>The reference's mesh metrics, on points sampled uniformly (by area) on the mesh surface.</summary>
public static class ReconstructionMetrics
{
    /// <param name="groundTruth">[3N] xyz of ground-truth surface points: completion's reference, and accuracy's when
    /// <paramref name="surfaceDistance"/> is null.</param>
    /// <param name="surfaceDistance">The exact distance from points [M, 3] to the true surfaces ([M]), when the scene is
    /// known analytically: accuracy's reference then. Points sampled from a few views miss surfaces other views saw, and
    /// a mesh there would count as inaccurate.</param>
    public static ReconstructionResult Compute(float[] groundTruth, TriangleMesh mesh, int meshSamples = 50_000, double threshold = 0.05, int seed = 0,
        Func<Tensor, Tensor>? surfaceDistance = null)
    {
        if (groundTruth.Length == 0 || groundTruth.Length % 3 != 0) throw new ArgumentException("ground-truth points must be a non-empty xyz array");
        int gtCount = groundTruth.Length / 3;
        if (mesh.FaceCount == 0) return new ReconstructionResult(double.PositiveInfinity, double.PositiveInfinity, 0, threshold, gtCount, 0);
        using var scope = NewDisposeScope();
        using var hs = new HeldScalars();
        var gt = tensor(groundTruth, float32).reshape(-1, 3);
        var samples = SampleSurface(mesh, meshSamples, seed);
        var completion = NearestDistances(gt, samples);                                          // [N]
        var accuracy = surfaceDistance is null ? NearestDistances(samples, gt) : surfaceDistance(samples).to(float32);   // [M]
        return new ReconstructionResult(accuracy.mean().item<float>(), completion.mean().item<float>(),
            completion.lt(hs[threshold]).to(float32).mean().item<float>(), threshold, gtCount, (int)samples.shape[0],
            accuracy.lt(hs[threshold]).to(float32).mean().item<float>());
    }

    /// <summary>Points [count, 3] uniformly distributed over the mesh area.</summary>
    public static Tensor SampleSurface(TriangleMesh mesh, int count, int seed)
    {
        using var generator = new Generator((ulong)seed);
        using var hs = new HeldScalars();
        var vertices = tensor(mesh.Vertices, float32).reshape(-1, 3);
        var faces = tensor(mesh.Faces, int64).reshape(-1, 3);
        var a = vertices.index_select(0, faces[.., 0]);
        var b = vertices.index_select(0, faces[.., 1]);
        var c = vertices.index_select(0, faces[.., 2]);
        var area = linalg.cross(b - a, c - a).norm(dim: 1).div(HeldScalars.Two);                                 // [F]
        var pick = multinomial(area.add(hs[1e-12], HeldScalars.One), count, replacement: true, generator: generator);    // [count]
        var r1 = rand(count, generator: generator).sqrt().unsqueeze(1);
        var r2 = rand(count, generator: generator).unsqueeze(1);
        var oneMinusR1 = r1.negative().add(HeldScalars.One, HeldScalars.One);                          // 1 - r1
        var oneMinusR2 = r2.negative().add(HeldScalars.One, HeldScalars.One);
        return (a.index_select(0, pick) * oneMinusR1).add(b.index_select(0, pick) * (r1 * oneMinusR2), HeldScalars.One).add(c.index_select(0, pick) * (r1 * r2), HeldScalars.One);
    }

    /// <summary>For each query point [Q, 3], the distance to its nearest reference point [P, 3]: [Q].</summary>
    public static Tensor NearestDistances(Tensor queries, Tensor references)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        // Squared distances |q|² + |r|² - 2 q·r of ≤ 4 MiB of pairs at a time, written into one buffer allocated once
        // (addmm_ with beta 0, then in-place adds): the loop allocates nothing large. cdist on chunks allocated and
        // freed a matrix a chunk, which glibc kept without reusing or returning it (the working set reached 4.9 GB
        // with 184 MiB in use in a demo's metrics). Coordinates are centred first, so the squares stay small.
        var centre = references.to(float64).mean([0], keepdim: true);                            // [1, 3]
        var r = (references.to(float64) - centre).contiguous();                                  // [P, 3] float64: exact to far below
        var q = queries.to(float64) - centre;                                                    // [Q, 3]   the 5 cm threshold
        var rt = r.t().contiguous();                                                             // [3, P]
        var rNorm = r.pow(HeldScalars.Two).sum(1);                                                             // [P]
        long count = q.shape[0], chunk = Math.Max(1, Math.Min(count, (1L << 19) / Math.Max(1, r.shape[0])));
        var buffer = empty(chunk, r.shape[0], r.dtype, r.device);                               // [chunk, P]
        var nearest = empty(count, r.dtype, r.device);                                          // [Q] squared
        for (long start = 0; start < count; start += chunk)
        {
            using var inner = NewDisposeScope();
            long n = Math.Min(chunk, count - start);
            var block = q.narrow(0, start, n);                                                   // [n, 3]
            var d = buffer.narrow(0, 0, n);                                                      // [n, P]
            d.addmm_(block, rt, beta: 0, alpha: -2);
            d.add_(rNorm, HeldScalars.One).add_(block.pow(HeldScalars.Two).sum(1, keepdim: true), HeldScalars.One);
            nearest.narrow(0, start, n).copy_(d.amin(1));
        }
        return nearest.clamp_min_(HeldScalars.Zero).sqrt_().to(queries.dtype).MoveToOuterDisposeScope();
    }
}
