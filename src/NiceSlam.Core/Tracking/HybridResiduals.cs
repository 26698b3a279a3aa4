using NiceSlam.Core.Compute;
using NiceSlam.Core.Geometry;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Tracking;

/// <summary>The gates and weights of one pyramid level's residuals.</summary>
/// <param name="DepthGate">largest distance between a moved point and the reference point it lands on, metres.</param>
/// <param name="NormalGateCos">smallest cosine between the moved point's normal and the reference normal (ICP term).</param>
/// <param name="PhotometricWeight">weight of the photometric term against the depth term, each in units of its
/// noise.</param>
/// <param name="DepthNoise">depth noise at 0 m and its growth with depth² (structured-light sensors: about 1.4 mm/m²
/// plus the quantisation of a downsampled image), metres: σ_D(z) = a + b z².</param>
/// <param name="IntensityNoise">intensity noise σ_I (grey levels in [0, 1]).</param>
public sealed record ResidualSettings(double DepthGate, double NormalGateCos, double PhotometricWeight, RobustLoss Loss,
    (double A, double B) DepthNoise, double IntensityNoise);

/// <summary>
/// The hybrid objective of dense RGB-D odometry at one pyramid level, linearised at the current relative pose T
/// (moving camera → reference camera): point-to-plane ICP, r_D = n_ref · (T p − v_ref), and photometric,
/// r_I = I_ref(π(T p)) − I(p), over projective correspondences (each moving point reads the reference pixel it
/// projects to: geometry at the nearest pixel, intensity and its gradient bilinearly). A correspondence counts when
/// the reference pixel has a point and a normal, the two points are within the depth gate (occlusion) and, for the
/// ICP term, the normals agree within the angle gate. Each residual is expressed in units of its noise (σ_D(z) per
/// point, σ_I), which fixes how the two terms weigh against each other whatever either of them fits; the
/// M-estimator's threshold follows the robust scale of those normalised residuals (the median absolute deviation,
/// never below 1), so that noisier data than modelled is not all cut off. Jacobians are for a left increment exp(ξ) T, ξ = (v, ω):
/// J_D = [n, q × n], J_I = [g, q × g] with g = ∇I · ∂π/∂q and q = T p.
/// </summary>
public static class HybridResiduals
{
    /// <summary>Number of values <see cref="Evaluate"/> returns.</summary>
    public const int Length = 49 + 6;

    /// <summary>
    /// The weighted normal equations as one float64 tensor [55] (so the caller reads them with one host copy):
    /// [0, 49) the 7 x 7 matrix [A b]ᵀ[A b] (A the weighted Jacobian rows, b the weighted residuals), then ICP
    /// inliers, correspondences (the photometric term's rows), overlap (moving points that land on reference
    /// geometry), the robust scale of the ICP residuals (m) and of the photometric ones, moving points.
    /// </summary>
    public static Tensor Evaluate(PyramidLevel reference, PyramidLevel moving, RigidTransform relative, ResidualSettings settings)
    {
        using var scope = NewDisposeScope();
        using var s = new HeldScalars();                                                               // no implicit scalars
        var one = s[1];
        var device = moving.Points.device;
        var k = reference.Intrinsics;
        var rotation = tensor(relative.RotationRowMajor(), [3, 3], float32, device);
        var translation = tensor(new[] { relative.Tx, relative.Ty, relative.Tz }, float32, device);
        var q = moving.Points.matmul(rotation.t()).add(translation, one);                             // [N, 3]
        var z = q[.., 2];                                                                              // [N]
        var front = z.gt(s[1e-3]);
        var inverseZ = where(front, z, ones_like(z)).reciprocal();                                     // [N]
        // Normalised grid coordinates (align_corners = true): x_n = 2 (fx x/z + cx) / (W − 1) − 1.
        var scale = tensor(new[] { 2 * k.Fx / Math.Max(1, k.Width - 1), 2 * k.Fy / Math.Max(1, k.Height - 1) }, float32, device);
        var offset = tensor(new[] { 2 * k.Cx / Math.Max(1, k.Width - 1) - 1, 2 * k.Cy / Math.Max(1, k.Height - 1) - 1 }, float32, device);
        var grid = (q[.., ..2] * inverseZ.unsqueeze(1) * scale).add(offset, one);                     // [N, 2]
        grid = where(front.unsqueeze(1), grid, full_like(grid, s[4])).reshape(1, 1, -1, 2);           // behind: outside
        var geometry = nn.functional.grid_sample(reference.Geometry, grid, GridSampleMode.Nearest, GridSamplePaddingMode.Zeros, align_corners: true)
            .reshape(7, -1).t();                                                                       // [N, 7]
        var photometry = nn.functional.grid_sample(reference.Photometry, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Border, align_corners: true)
            .reshape(3, -1).t();                                                                       // [N, 3]
        var target = geometry[.., ..3];                                                                // [N, 3]
        var normal = geometry[.., 3..6];                                                               // [N, 3]
        var difference = q - target;                                                                   // [N, 3]
        var overlap = geometry[.., 6].gt(s[0.5]).logical_and(front);                                  // [N] lands on reference geometry
        var correspondence = overlap.logical_and((difference * difference).sum(1).lt(s[settings.DepthGate * settings.DepthGate])); // [N]

        // Point-to-plane ICP.
        var depthResidual = (difference * normal).sum(1);                                              // [N]
        var movedNormal = moving.Normals.matmul(rotation.t());                                         // [N, 3]
        var icp = correspondence.logical_and((movedNormal * normal).sum(1).gt(s[settings.NormalGateCos])); // [N]
        var depthJacobian = cat([normal, linalg.cross(q, normal)], 1);                                 // [N, 6]

        // Photometric.
        var intensityResidual = photometry[.., 0] - moving.Intensity;                                  // [N]
        var gu = photometry[.., 1] * inverseZ.mul(s[k.Fx]);
        var gv = photometry[.., 2] * inverseZ.mul(s[k.Fy]);
        var gz = (gu * q[.., 0]).add(gv * q[.., 1], one).neg() * inverseZ;
        var g = stack([gu, gv, gz], 1);                                                                // [N, 3]
        var intensityJacobian = cat([g, linalg.cross(q, g)], 1);                                       // [N, 6]

        // Residuals in units of their noise; robust weights at the scale of those (>= 1); rows scaled by sqrt(weight).
        var depthNoise = z.square().mul(s[settings.DepthNoise.B]).add(s[settings.DepthNoise.A], one);   // [N] σ_D(z)
        var depthUnits = depthResidual / depthNoise;                                                   // [N]
        var intensityUnits = intensityResidual.mul(s[1 / settings.IntensityNoise]);                    // [N]
        var depthScale = RobustKernel.Scale(depthUnits, icp, 1, s);
        var intensityScale = RobustKernel.Scale(intensityUnits, correspondence, 1, s);
        var depthRow = RobustKernel.Weights(depthUnits, depthScale, settings.Loss, s).sqrt() / depthNoise * icp;
        var intensityRow = RobustKernel.Weights(intensityUnits, intensityScale, settings.Loss, s).sqrt()
            .mul(s[Math.Sqrt(settings.PhotometricWeight) / settings.IntensityNoise]) * correspondence;
        var rows = cat([
            cat([depthJacobian, depthResidual.unsqueeze(1)], 1) * depthRow.unsqueeze(1),
            cat([intensityJacobian, intensityResidual.unsqueeze(1)], 1) * intensityRow.unsqueeze(1)], 0).to(float64); // [2N, 7]
        var system = rows.t().matmul(rows).reshape(-1);                                               // [49]
        var counts = stack([icp.sum().to(float64), correspondence.sum().to(float64), overlap.sum().to(float64),
            RobustKernel.Scale(depthResidual, icp, 0, s).to(float64), RobustKernel.Scale(intensityResidual, correspondence, 0, s).to(float64),
            tensor((double)moving.ValidCount, float64, device)]);
        return cat([system, counts]).MoveToOuterDisposeScope();
    }
}
