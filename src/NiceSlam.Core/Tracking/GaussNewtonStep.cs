using NiceSlam.Core.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Tracking;

/// <summary>
/// One Gauss-Newton step of the odometry, in double precision on the host: the 6 x 6 normal equations
/// H ξ = −g read from <see cref="HybridResiduals.Evaluate"/>, solved after block scaling (so that translation and
/// rotation weigh alike) in the eigenbasis of the scaled H. Directions whose eigenvalue is below
/// 1 / maxCondition of the largest are degenerate (the scene does not constrain them: along a plane's stripes, in a
/// bare plane, down a corridor) and the step leaves them alone, so the pose keeps its prediction there while the
/// constrained directions are solved (Zhang, Kaess and Singh, "On degeneracy of optimization-based state
/// estimation problems", ICRA 2016: solution remapping). The condition number of the scaled H is reported as well,
/// and the projector that removes the held directions from a whole correction (<see cref="WithoutHeld"/>).
/// </summary>
internal sealed record GaussNewtonStep(double[] Twist, double Condition, double Cost, long IcpInliers, long Correspondences, long Overlap,
    double DepthScale, double IntensityScale, long MovingPoints)
{
    /// <summary>Rows below this count leave the step undefined.</summary>
    public const int MinimumRows = 12;

    /// <summary>The condition number a solve tolerates before it holds a direction (the odometry's default).</summary>
    public const double DefaultMaxCondition = 1e4;

    /// <summary>False when the equations had too few rows or non-finite entries: no step at all.</summary>
    public bool Solvable { get; init; } = true;

    /// <summary>How many directions of the twist (of 6, or 3 for a rotation-only step) were held: their eigenvalue
    /// was below the largest / maxCondition.</summary>
    public int DegenerateDirections { get; init; }

    /// <summary>Reads the equations (float64 [55], any device) and solves them; <paramref name="rotationOnly"/>: for
    /// the rotation alone, the translation held (a 3 x 3 system). Directions with an eigenvalue below the largest /
    /// <paramref name="maxCondition"/> are held (zero step along them).</summary>
    public static GaussNewtonStep Solve(Tensor equations, bool rotationOnly = false, double maxCondition = DefaultMaxCondition)
    {
        if (!(maxCondition > 1)) throw new ArgumentOutOfRangeException(nameof(maxCondition), maxCondition, "must be > 1");
        var v = equations.cpu().data<double>().ToArray();                                          // one host copy
        long icp = (long)v[49], correspondences = (long)v[50], overlap = (long)v[51];
        double cost = v[48];                                                                        // bᵀb
        if (icp + correspondences < MinimumRows || v.Take(49).Any(x => !double.IsFinite(x)))
            return new GaussNewtonStep(new double[6], double.PositiveInfinity, cost, icp, correspondences, overlap, v[52], v[53], (long)v[54])
            {
                Solvable = false,
            };
        var h = new double[36];
        var g = new double[6];
        for (int i = 0; i < 6; i++)
        {
            for (int j = 0; j < 6; j++) h[i * 6 + j] = v[i * 7 + j];
            g[i] = v[i * 7 + 6];
        }
        using var scope = NewDisposeScope();
        using var s = new HeldScalars();
        var hessian = tensor(h, [6, 6], float64);
        var gradient = tensor(g, [6], float64);
        if (rotationOnly)
        {
            hessian = hessian[3..6, 3..6];
            gradient = gradient[3..6];
        }
        int n = rotationOnly ? 3 : 6;
        // Block scaling: translation columns by one factor, rotation columns by another (each block's mean diagonal
        // made 1), so metres and radians weigh alike. Not per column: that would blow a column the scene does not
        // constrain (a diagonal entry near 0) up to unit weight and hide the degeneracy.
        var diagonal = hessian.diagonal();                                                          // [n]
        var d = rotationOnly
            ? diagonal.mean().clamp_min(s[1e-30]).rsqrt().expand(3)
            : cat([diagonal[..3].mean().expand(3), diagonal[3..].mean().expand(3)]).clamp_min(s[1e-30]).rsqrt(); // [n]
        var scaled = d.unsqueeze(1) * hessian * d.unsqueeze(0);                                     // [n, n]
        var (values, vectors) = linalg.eigh(scaled);                                                // [n] ascending, [n, n] columns
        var eigen = values.data<double>().ToArray();
        double largest = eigen[n - 1];
        double condition = eigen[0] > 1e-12 * Math.Max(largest, 1e-300) ? largest / eigen[0] : double.PositiveInfinity;
        // Solve in the eigenbasis, keeping only the directions the equations determine: x = Σ_kept v_i (v_iᵀ r) / λ_i.
        var kept = eigen.Select(e => e > largest / maxCondition).ToArray();
        int degenerate = kept.Count(k => !k);
        var inverse = tensor(eigen.Select((e, i) => kept[i] ? 1 / e : 0).ToArray(), [n], float64);   // [n] 1/λ or 0
        var rhs = -(d * gradient);                                                                  // [n]
        var scaledStep = vectors.matmul(inverse * vectors.t().matmul(rhs));                         // [n]
        var solved = (scaledStep * d).data<double>().ToArray();
        var step = rotationOnly ? [0, 0, 0, .. solved] : solved;
        if (step.Any(x => !double.IsFinite(x))) step = new double[6];
        double[]? projector = null;
        if (degenerate > 0 && !rotationOnly)
        {
            // x ↦ D (I - V_h V_hᵀ) D⁻¹ x: a twist without its components along the held directions (the held
            // eigenvectors are orthonormal in the scaled coordinates y = D⁻¹ x).
            var held = vectors.index_select(1, tensor(kept.Select((k, i) => (k, i)).Where(p => !p.k).Select(p => (long)p.i).ToArray()));  // [6, h]
            var inScaled = eye(6, dtype: float64) - held.matmul(held.t());                                                              // [6, 6]
            projector = (d.unsqueeze(1) * inScaled / d.unsqueeze(0)).contiguous().data<double>().ToArray();
        }
        return new GaussNewtonStep(step, condition, cost, icp, correspondences, overlap, v[52], v[53], (long)v[54])
        {
            DegenerateDirections = degenerate,
            HeldProjector = projector,
        };
    }

    /// <summary>Row-major 6 x 6 map that removes from a twist its components along the held directions (null when
    /// none was held, or for a rotation-only step).</summary>
    public double[]? HeldProjector { get; init; }

    /// <summary><paramref name="twist"/> without its components along the directions this step held: a correction
    /// of the prediction keeps the prediction where the scene says nothing.</summary>
    public double[] WithoutHeld(double[] twist)
    {
        if (HeldProjector is not { } p) return twist;
        var result = new double[6];
        for (int i = 0; i < 6; i++)
            for (int j = 0; j < 6; j++) result[i] += p[i * 6 + j] * twist[j];
        return result;
    }

    /// <summary>Translation length of the step, metres.</summary>
    public double TranslationNorm => Math.Sqrt(Twist[0] * Twist[0] + Twist[1] * Twist[1] + Twist[2] * Twist[2]);

    /// <summary>Rotation angle of the step, radians.</summary>
    public double RotationNorm => Math.Sqrt(Twist[3] * Twist[3] + Twist[4] * Twist[4] + Twist[5] * Twist[5]);

    /// <summary>Share of the overlapping points (those that land on reference geometry) that lie within the depth
    /// gate of the point they land on: low when the frames disagree, not merely when they overlap little or their
    /// normals are noisy.</summary>
    public double InlierShare => Overlap == 0 ? 0 : (double)Correspondences / Overlap;

    /// <summary>Share of the moving frame's points that land on reference geometry.</summary>
    public double OverlapShare => MovingPoints == 0 ? 0 : (double)Overlap / MovingPoints;
}
