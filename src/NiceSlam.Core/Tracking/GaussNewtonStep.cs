using NiceSlam.Core.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Tracking;

/// <summary>
/// One Gauss-Newton step of the odometry, in double precision on the host: the 6 x 6 normal equations
/// H ξ = −g read from <see cref="HybridResiduals.Evaluate"/>, solved after Jacobi scaling (so that translation and
/// rotation columns weigh alike), with the condition number of the scaled H (large: the scene does not constrain
/// every direction, e.g. a single plane).
/// </summary>
public sealed record GaussNewtonStep(double[] Twist, double Condition, double Cost, long IcpInliers, long Correspondences, long Overlap,
    double DepthScale, double IntensityScale, long MovingPoints)
{
    /// <summary>Rows below this count leave the step undefined.</summary>
    public const int MinimumRows = 12;

    /// <summary>Reads the equations (float64 [55], any device) and solves them; <paramref name="rotationOnly"/>: for
    /// the rotation alone, the translation held (a 3 x 3 system).</summary>
    public static GaussNewtonStep Solve(Tensor equations, bool rotationOnly = false)
    {
        var v = equations.cpu().data<double>().ToArray();                                          // one host copy
        long icp = (long)v[49], correspondences = (long)v[50], overlap = (long)v[51];
        double cost = v[48];                                                                        // bᵀb
        if (icp + correspondences < MinimumRows || v.Take(49).Any(x => !double.IsFinite(x)))
            return new GaussNewtonStep(new double[6], double.PositiveInfinity, cost, icp, correspondences, overlap, v[52], v[53], (long)v[54]);
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
        var d = hessian.diagonal().clamp_min(s[1e-30]).rsqrt();                                       // [6] Jacobi scaling
        var scaled = d.unsqueeze(1) * hessian * d.unsqueeze(0);                                     // [6, 6], unit diagonal
        var eigen = linalg.eigvalsh(scaled).data<double>().ToArray();                               // ascending
        double condition = eigen[0] > 1e-12 ? eigen[n - 1] / eigen[0] : double.PositiveInfinity;
        var damped = scaled.add(eye(n, dtype: float64), s[1e-9]);
        var solved = (linalg.solve(damped, -(d * gradient)) * d).data<double>().ToArray();
        var step = rotationOnly ? [0, 0, 0, .. solved] : solved;
        if (step.Any(x => !double.IsFinite(x))) step = new double[6];
        return new GaussNewtonStep(step, condition, cost, icp, correspondences, overlap, v[52], v[53], (long)v[54]);
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
