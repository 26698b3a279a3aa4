using NiceSlam.Core.Compute;
using NiceSlam.Core.Geometry;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Data.Evaluation;

/// <summary>The similarity that best maps one point set onto another: target ≈ Scale · R · source + t.</summary>
public sealed record Alignment(RigidTransform Transform, double Scale)
{
    public (double X, double Y, double Z) Apply(double x, double y, double z)
    {
        var (rx, ry, rz) = Transform.Rotate(x, y, z);
        return (Scale * rx + Transform.Tx, Scale * ry + Transform.Ty, Scale * rz + Transform.Tz);
    }
}

/// <summary>
/// Closed-form least-squares alignment of corresponding 3-D points (Umeyama 1991, the SVD form of Horn's
/// method): minimises Σ |s R pᵢ + t − qᵢ|². Rigid (s = 1) is what ATE uses; <c>withScale</c> gives Sim(3) for
/// monocular-style comparisons. The sign correction on the smallest singular value keeps R a rotation (never a
/// reflection), also for degenerate (collinear / planar) point sets.
/// </summary>
public static class RigidAlignment
{
    /// <param name="source">Points to move, e.g. estimated positions.</param>
    /// <param name="target">Points to match, e.g. ground-truth positions.</param>
    public static Alignment Align(IReadOnlyList<(double X, double Y, double Z)> source, IReadOnlyList<(double X, double Y, double Z)> target, bool withScale = false)
    {
        if (source.Count != target.Count) throw new ArgumentException($"point sets differ in size: {source.Count} vs {target.Count}");
        if (source.Count < 3) throw new ArgumentException($"alignment needs at least 3 point pairs, got {source.Count}");
        if (source.Concat(target).Any(p => !double.IsFinite(p.X) || !double.IsFinite(p.Y) || !double.IsFinite(p.Z)))
            throw new ArgumentException("point sets contain non-finite coordinates");
        using var scope = NewDisposeScope();
        using var hs = new HeldScalars();
        var p = ToTensor(source);                           // [N, 3]
        var q = ToTensor(target);                           // [N, 3]
        var muP = p.mean([0]);                              // [3]
        var muQ = q.mean([0]);
        var pc = p - muP;
        var qc = q - muQ;
        var covariance = qc.t().matmul(pc).div(hs.Integer(source.Count));  // [3, 3]: Σ (q - μq)(p - μp)ᵀ / N
        var (u, s, vh) = linalg.svd(covariance);
        double det = linalg.det(u.matmul(vh)).item<double>();
        var d = tensor(new[] { 1.0, 1.0, det < 0 ? -1.0 : 1.0 }, float64);
        var r = u.matmul(diag(d)).matmul(vh);               // [3, 3]
        double scale = 1;
        if (withScale)
        {
            double variance = pc.pow(HeldScalars.Two).sum().item<double>() / source.Count;
            if (!(variance > 0)) throw new ArgumentException("source points are all identical: scale undefined");
            scale = (s * d).sum().item<double>() / variance;
        }
        var t = muQ - r.matmul(muP).mul(hs[scale]);                // [3]
        double[] rotation = r.reshape(-1).data<double>().ToArray();
        double[] translation = t.data<double>().ToArray();
        return new Alignment(new RigidTransform(rotation, translation[0], translation[1], translation[2]), scale);
    }

    private static Tensor ToTensor(IReadOnlyList<(double X, double Y, double Z)> points)
    {
        var flat = new double[points.Count * 3];
        for (int i = 0; i < points.Count; i++)
        {
            flat[3 * i] = points[i].X;
            flat[3 * i + 1] = points[i].Y;
            flat[3 * i + 2] = points[i].Z;
        }
        return tensor(flat, float64).reshape(points.Count, 3);
    }
}
