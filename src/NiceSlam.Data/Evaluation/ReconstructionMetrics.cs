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
    /// <param name="groundTruth">[3N] xyz of ground-truth surface points.</param>
    public static ReconstructionResult Compute(float[] groundTruth, TriangleMesh mesh, int meshSamples = 50_000, double threshold = 0.05, int seed = 0)
    {
        if (groundTruth.Length == 0 || groundTruth.Length % 3 != 0) throw new ArgumentException("ground-truth points must be a non-empty xyz array");
        int gtCount = groundTruth.Length / 3;
        if (mesh.FaceCount == 0) return new ReconstructionResult(double.PositiveInfinity, double.PositiveInfinity, 0, threshold, gtCount, 0);
        using var scope = NewDisposeScope();
        var gt = tensor(groundTruth, float32).reshape(-1, 3);
        var samples = SampleSurface(mesh, meshSamples, seed);
        var completion = NearestDistances(gt, samples);                                          // [N]
        var accuracy = NearestDistances(samples, gt);                                            // [M]
        return new ReconstructionResult(accuracy.mean().item<float>(), completion.mean().item<float>(),
            (completion < threshold).to(float32).mean().item<float>(), threshold, gtCount, (int)samples.shape[0],
            (accuracy < threshold).to(float32).mean().item<float>());
    }

    /// <summary>Points [count, 3] uniformly distributed over the mesh area.</summary>
    public static Tensor SampleSurface(TriangleMesh mesh, int count, int seed)
    {
        using var generator = new Generator((ulong)seed);
        var vertices = tensor(mesh.Vertices, float32).reshape(-1, 3);
        var faces = tensor(mesh.Faces, int64).reshape(-1, 3);
        var a = vertices.index_select(0, faces[.., 0]);
        var b = vertices.index_select(0, faces[.., 1]);
        var c = vertices.index_select(0, faces[.., 2]);
        var area = linalg.cross(b - a, c - a).norm(dim: 1) / 2;                                  // [F]
        var pick = multinomial(area + 1e-12, count, replacement: true, generator: generator);    // [count]
        var r1 = rand(count, generator: generator).sqrt().unsqueeze(1);
        var r2 = rand(count, generator: generator).unsqueeze(1);
        return a.index_select(0, pick) * (1 - r1) + b.index_select(0, pick) * (r1 * (1 - r2)) + c.index_select(0, pick) * (r1 * r2);
    }

    /// <summary>For each query point [Q, 3], the distance to its nearest reference point [P, 3]: [Q].</summary>
    public static Tensor NearestDistances(Tensor queries, Tensor references)
    {
        using var scope = NewDisposeScope();
        // ≤ 4 MiB of distances at a time. Chunks of ~32 MiB (the allocator's mmap threshold) were freed but never
        // reused or returned: the working set grew by one chunk per chunk, 7 GB for a demo's metrics.
        long chunk = Math.Max(1, (1L << 20) / Math.Max(1, references.shape[0]));
        var parts = new List<Tensor>();
        for (long start = 0; start < queries.shape[0]; start += chunk)
        {
            // Each chunk's distance matrix goes before the next is computed: without this scope every chunk's matrix
            // lived until the caller's scope ended, Q x P x 4 bytes in all (gigabytes for a demo's mesh metrics).
            using var inner = NewDisposeScope();
            var q = queries.narrow(0, start, Math.Min(chunk, queries.shape[0] - start));
            parts.Add(cdist(q, references).min(1).values.MoveToOuterDisposeScope());
        }
        return cat(parts, 0).MoveToOuterDisposeScope();
    }
}
