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
internal sealed record ResidualSettings(double DepthGate, double NormalGateCos, double PhotometricWeight, RobustLoss Loss,
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
internal static class HybridResiduals
{
    /// <summary>Number of values <see cref="Evaluate"/> returns.</summary>
    public const int Length = 49 + 6;

    /// <summary>
    /// The weighted normal equations, <see cref="HybridEquations.Values"/> a float64 tensor [55] (so the caller reads
    /// them with one host copy): [0, 49) the 7 x 7 matrix [A b]ᵀ[A b] (A the weighted Jacobian rows, b the weighted
    /// residuals), then ICP inliers, correspondences (the photometric term's rows), overlap (moving points that land on
    /// reference geometry), NaN in place of the robust scale of the ICP residuals (m; reported only, computed on
    /// demand by <see cref="HybridEquations.DepthScale"/>), the robust scale of the photometric residuals, moving
    /// points.
    /// </summary>
    /// <remarks>Both terms are computed side by side as [2, ...] tensors (row 0 ICP, row 1 photometric), points along
    /// the last axis, so that one iteration is a few dozen tensor operations whatever the number of points.</remarks>
    /// <param name="movingMotion">the camera's motion during the moving frame's readout (a rolling shutter): its
    /// points are taken into its middle row's camera first. The reference's own (<see cref="PyramidLevel.Readout"/>)
    /// decides where a point is looked up: in the row of the reference that saw it.</param>
    public static HybridEquations Evaluate(PyramidLevel reference, PyramidLevel moving, RigidTransform relative, ResidualSettings settings,
        ReadoutMotion movingMotion = default)
    {
        using var scope = NewDisposeScope();
        using var s = new HeldScalars();                                                               // no implicit scalars
        var device = moving.Moving.device;
        var k = reference.Intrinsics;
        bool unrollMoving = !movingMotion.IsNone, lookUpInRows = !reference.Readout.IsNone;
        // One matrix takes the moving columns to everything linear in them: T p (rows 0-13, see Transform); with a
        // moving readout, T (p + ρ (θ × p + u)) = T p + ρ (R [θ]× p + R u), so the columns scaled by ρ take a second
        // block (ReadoutTransform); with a reference readout, rows 14-16 hold (G s, s_z) with s = θ' × q + u' (the
        // reference's motion) for the lookup below.
        var matrix = Transform(relative, k);                                                           // [14, 7]
        if (unrollMoving) matrix = Beside(matrix, ReadoutTransform(relative, movingMotion, k));          // [14, 14]
        if (lookUpInRows) matrix = WithLookupRows(matrix, reference.Readout, k);                         // [17, 7 or 14]
        int columns = unrollMoving ? 14 : 7;
        var map = tensor(matrix, [matrix.Length / columns, columns], float32, device);                 // [14 or 17, 7 or 14]
        var moved = unrollMoving
            ? map[.., ..7].matmul(moving.Moving).addcmul_(map[.., 7..].matmul(moving.Moving), moving.MovingRows.unsqueeze(0), HeldScalars.One)
            : map.matmul(moving.Moving);                                                               // [14 or 17, N]
        var q = moved[..3];                                                                            // [3, N] T p
        var z = moved[2];                                                                              // [N]
        var front = z.gt(s[1e-3]);                                                                     // [N]
        // Behind the camera: any finite value; such points are masked out below (overlap needs front).
        var inverseZ = z.clamp_min(s[1e-3]).reciprocal();                                              // [N]
        var projected = moved[6..8];                                                                   // [2, N] normalised x, y times z
        var lookupInverseZ = inverseZ;
        if (lookUpInRows)
        {
            // The reference row that saw q was exposed ρ t_ro after its middle row: q lies at q − ρ s in that row's
            // camera, ρ = y_n (H − 1) / 2H from where q projects (its own few-pixel shift changes ρ by under 1 %).
            var rho = moved[7].mul(inverseZ).mul_(s[(k.Height - 1) / (2.0 * k.Height)]);                  // [N]
            projected = projected.addcmul(moved[14..16], rho, s[-1]);                                    // [2, N] G (q − ρ s)
            lookupInverseZ = z.addcmul(moved[16], rho, s[-1]).clamp_min_(s[1e-3]).reciprocal_();         // [N]
        }
        var grid = (projected * lookupInverseZ).t().unsqueeze(0).unsqueeze(0);                        // [1, 1, N, 2] normalised x, y
        var geometry = nn.functional.grid_sample(reference.Geometry, grid, GridSampleMode.Nearest, GridSamplePaddingMode.Zeros, align_corners: true)
            .reshape(7, -1);                                                                           // [7, N]
        var photometry = nn.functional.grid_sample(reference.Photometry, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Border, align_corners: true)
            .reshape(3, -1);                                                                           // [3, N] I, fx dI/du, fy dI/dv
        var normal = geometry[3..6];                                                                   // [3, N]
        var difference = q - geometry[..3];                                                            // [3, N]
        var overlap = geometry[6].gt(s[0.5]).logical_and_(front);                                      // [N] lands on reference geometry
        var correspondence = difference.pow(s[2]).sum(dim: 0).lt(s[settings.DepthGate * settings.DepthGate]).logical_and_(overlap); // [N]
        var icp = (moved[3..6] * normal).sum(dim: 0).gt(s[settings.NormalGateCos]).logical_and_(correspondence); // [N] normals agree
        var masks = stack([icp, correspondence, overlap]);                                             // [3, N]

        // Residuals: point-to-plane ICP n · (T p − v) and photometric I_ref(π(T p)) − I(p).
        var residuals = stack([(difference * normal).sum(dim: 0), photometry[0] - moving.Intensity]); // [2, N]
        // Jacobians [d, q × d, r] with d = n (ICP) and d = g = ∇I ∂π/∂q (photometric); the cross products from the
        // rows of q and d in cyclic order, (q × d)_i = q_(i+1) d_(i+2) − q_(i+2) d_(i+1).
        var gxy = photometry[1..] * inverseZ;                                                          // [2, N]
        var gz = (gxy * q[..2]).sum(dim: 0).mul_(inverseZ).neg_().unsqueeze(0);                        // [1, N]
        var next = cat([normal[1..], normal[..1], gxy[1..], gz, gxy[..1]]).reshape(2, 3, -1);          // [2, 3, N] d_(i+1)
        var afterNext = cat([normal[2..], normal[..2], gz, gxy]).reshape(2, 3, -1);                    // [2, 3, N] d_(i+2)
        var crosses = (moved[8..11] * afterNext).sub_(moved[11..14] * next);                           // [2, 3, N]
        var jacobians = cat([normal, crosses[0], residuals[..1], gxy, gz, crosses[1], residuals[1..]]).reshape(2, 7, -1); // [2, 7, N]

        // Residuals in units of their noise; robust weights at the scale of those (>= 1).
        var depthNoise = z.pow(s[2]).mul_(s[settings.DepthNoise.B]).add_(s[settings.DepthNoise.A], HeldScalars.One);    // [N] σ_D(z)
        var inverseNoise = stack([depthNoise.reciprocal(), full_like(depthNoise, s[1 / settings.IntensityNoise])]); // [2, N]
        var units = residuals * inverseNoise;                                                          // [2, N]
        // Robust scales over each term's rows (0 where a term has none).
        var scales = stack([RobustKernel.Scale(units[0], icp, 0, s), RobustKernel.Scale(units[1], correspondence, 0, s)]); // [2]
        // Each row's weight: M-estimator x 1/σ² x the term's weight, 0 outside the term's rows.
        var termWeight = tensor(new[] { 1f, (float)settings.PhotometricWeight }, [2, 1], float32, device);
        var weights = RobustKernel.Weights(units, scales.clamp_min(s[1]).unsqueeze(1), settings.Loss, s)
            .mul_(inverseNoise.pow(s[2])).mul_(termWeight).mul_(masks[..2]);                           // [2, N]
        var system = Accumulate(jacobians, weights);                                                   // [49]
        var counts = masks.sum(1, type: float64);                                                      // [3]
        var intensityScale = scales[1..].mul(s[settings.IntensityNoise]).to(float64);                 // [1] grey levels
        var values = cat([system, counts, tensor(new[] { double.NaN }, float64, device), intensityScale,
            tensor(new[] { (double)moving.ValidCount }, float64, device)]);                            // [55]
        return new HybridEquations(values.MoveToOuterDisposeScope(), residuals[0].MoveToOuterDisposeScope(), icp.MoveToOuterDisposeScope());
    }

    /// <summary>Σ over both terms and all points of w J Jᵀ: jacobians [2, 7, N], weights [2, N] → float64 [49]
    /// (accumulated in double precision, as the solve reads it).</summary>
    internal static Tensor Accumulate(Tensor jacobians, Tensor weights)
    {
        var jacobians64 = jacobians.to(float64);                                                       // [2, 7, N]
        return (jacobians64 * weights.unsqueeze(1)).bmm(jacobians64.transpose(1, 2)).sum(dim: 0).reshape(-1);
    }

    private const int TransformRows = 14;

    /// <summary>The matrix [14, 7] that takes a moving column (p, n, 1) to (q, R n, G q, q_(i+1), q_(i+2)): q = R p + t,
    /// the normal turned, G q with G [2, 3] the normalised grid coordinates (align_corners = true) before the division
    /// by z, x_n = (2 fx / (W − 1)) x / z + 2 cx / (W − 1) − 1 (and y alike), and q's rows in cyclic order (y z x and
    /// z x y) for the cross products.</summary>
    internal static double[] Transform(RigidTransform relative, Geometry.CameraIntrinsics k) =>
        Transform(relative.RotationRowMajor(), [relative.Tx, relative.Ty, relative.Tz], k);

    /// <summary>The matrix [14, 7] that the moving columns scaled by their row position ρ take
    /// (<see cref="PyramidLevel.MovingRows"/>): the affine map p ↦ R [θ]× p + R u in place of the pose, normals turned by
    /// R [θ]×, so that the sum with <see cref="Transform(RigidTransform, Geometry.CameraIntrinsics)"/>'s gives
    /// T (p + ρ (θ × p + u)) and its projection rows.</summary>
    internal static double[] ReadoutTransform(RigidTransform relative, ReadoutMotion motion, Geometry.CameraIntrinsics k)
    {
        var r = relative.RotationRowMajor();
        var rate = motion.RotationRate();
        var u = motion.Translation();
        var linear = new double[9];
        var shift = new double[3];
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
                for (int l = 0; l < 3; l++) linear[i * 3 + j] += r[i * 3 + l] * rate[l * 3 + j];
            for (int l = 0; l < 3; l++) shift[i] += r[i * 3 + l] * u[l];
        }
        return Transform(linear, shift, k);
    }

    /// <summary>Two row-major matrices of the same height side by side: [r, a] and [r, b] → [r, a + b].</summary>
    private static double[] Beside(double[] left, double[] right)
    {
        int rows = TransformRows, a = left.Length / rows, b = right.Length / rows;
        var m = new double[rows * (a + b)];
        for (int i = 0; i < rows; i++)
        {
            Array.Copy(left, i * a, m, i * (a + b), a);
            Array.Copy(right, i * b, m, i * (a + b) + a, b);
        }
        return m;
    }

    /// <summary>Appends to a moving-columns matrix (rows 0-2 giving q) the rows of (G s, s_z), s = θ × q + u for the
    /// reference's readout motion (θ, u): [14, c] → [17, c]. u enters through the constant column (6) only.</summary>
    private static double[] WithLookupRows(double[] m, ReadoutMotion motion, Geometry.CameraIntrinsics k)
    {
        int c = m.Length / TransformRows;
        var rate = motion.RotationRate();
        var u = motion.Translation();
        var grid = GridMatrix(k);
        var shift = new double[3 * c];                                                                 // [3, c] s
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < c; j++)
                for (int l = 0; l < 3; l++) shift[i * c + j] += rate[i * 3 + l] * m[l * c + j];
            shift[i * c + 6] += u[i];
        }
        var result = new double[(TransformRows + 3) * c];
        Array.Copy(m, result, m.Length);
        for (int j = 0; j < c; j++)
        {
            for (int a = 0; a < 2; a++)
                result[(TransformRows + a) * c + j] = grid[a * 3] * shift[j] + grid[a * 3 + 1] * shift[c + j] + grid[a * 3 + 2] * shift[2 * c + j];
            result[(TransformRows + 2) * c + j] = shift[2 * c + j];
        }
        return result;
    }

    /// <summary>G [2, 3] row-major: a camera point q ↦ (G q) / z, the normalised grid coordinates of grid_sample
    /// (align_corners = true).</summary>
    internal static double[] GridMatrix(Geometry.CameraIntrinsics k)
    {
        double sx = 2 * k.Fx / Math.Max(1, k.Width - 1), sy = 2 * k.Fy / Math.Max(1, k.Height - 1);
        double ox = 2 * k.Cx / Math.Max(1, k.Width - 1) - 1, oy = 2 * k.Cy / Math.Max(1, k.Height - 1) - 1;
        return [sx, 0, ox, 0, sy, oy];
    }

    /// <summary>The matrix [14, 7] of the affine map p ↦ L p + t (normals by L), as <see cref="Transform(RigidTransform, Geometry.CameraIntrinsics)"/>.</summary>
    private static double[] Transform(double[] r, double[] t, Geometry.CameraIntrinsics k)
    {
        var grid = GridMatrix(k);
        double[][] g = [grid[..3], grid[3..]];
        var m = new double[TransformRows * 7];
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                m[i * 7 + j] = r[i * 3 + j];                                                           // R p
                m[(3 + i) * 7 + 3 + j] = r[i * 3 + j];                                                 // R n
            }
            m[i * 7 + 6] = t[i];                                                                       // + t
        }
        for (int a = 0; a < 2; a++)
            for (int j = 0; j < 7; j++)
                m[(6 + a) * 7 + j] = g[a][0] * m[j] + g[a][1] * m[7 + j] + g[a][2] * m[14 + j];       // G (R p + t)
        for (int i = 0; i < 3; i++)
        {
            Array.Copy(m, (i + 1) % 3 * 7, m, (8 + i) * 7, 7);                                         // q_(i+1)
            Array.Copy(m, (i + 2) % 3 * 7, m, (11 + i) * 7, 7);                                        // q_(i+2)
        }
        return m;
    }
}

/// <summary>One iteration's normal equations (<see cref="HybridResiduals.Evaluate"/>) and the ICP residuals they came
/// from, kept for the reported robust scale. Owns its tensors.</summary>
internal sealed class HybridEquations(Tensor values, Tensor depthResiduals, Tensor icp) : IDisposable
{
    /// <summary>float64 [55]: see <see cref="HybridResiduals.Evaluate"/>.</summary>
    public Tensor Values => values;

    /// <summary>
    /// Adds <paramref name="weight"/> x the normal equations of <paramref name="other"/>, linearised at C T for the
    /// pose T these are linearised at, to these (their counts left as they are): a left increment ξ of T is the
    /// increment Ad_C ξ of C T (<see cref="Se3.Adjoint"/>), so its [A b]ᵀ[A b] enters as Bᵀ M B with B = diag(Ad_C, 1).
    /// Stays on the equations' device (no host read).
    /// </summary>
    public void Add(HybridEquations other, RigidTransform c, double weight)
    {
        using var scope = NewDisposeScope();
        using var s = new HeldScalars();
        var ad = Se3.Adjoint(c);
        var b = new double[49];
        for (int i = 0; i < 6; i++)
            for (int j = 0; j < 6; j++) b[i * 7 + j] = ad[i * 6 + j];
        b[48] = 1;
        var map = tensor(b, [7, 7], float64, values.device);                                          // [7, 7] B
        var moved = map.t().matmul(other.Values[..49].reshape(7, 7)).matmul(map).reshape(-1);          // [49] Bᵀ M B
        values[..49].add_(moved, s[weight]);
    }

    /// <summary>The robust scale of the ICP residuals, metres: 1.4826 x their median absolute value (0 when there is
    /// no ICP row). One host read.</summary>
    public double DepthScale()
    {
        using var scope = NewDisposeScope();
        using var s = new HeldScalars();
        return RobustKernel.Scale(depthResiduals, icp, 0, s).to(float64).item<double>();
    }

    public void Dispose()
    {
        values.Dispose();
        depthResiduals.Dispose();
        icp.Dispose();
    }
}
