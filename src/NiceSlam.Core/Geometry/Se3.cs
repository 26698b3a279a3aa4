namespace NiceSlam.Core.Geometry;

/// <summary>
/// The exponential map of SE(3) in double precision: a twist ξ = (v, ω) (translation part first, then rotation,
/// radians) to the rigid transform exp(ξ^). Gauss-Newton solvers update a pose by left-multiplying exp(ξ).
/// </summary>
internal static class Se3
{
    /// <summary>exp of the twist (vx, vy, vz, ωx, ωy, ωz): rotation by Rodrigues, translation V(ω) v.</summary>
    public static RigidTransform Exp(ReadOnlySpan<double> xi)
    {
        if (xi.Length != 6) throw new ArgumentException($"a twist has 6 values, got {xi.Length}", nameof(xi));
        double vx = xi[0], vy = xi[1], vz = xi[2], wx = xi[3], wy = xi[4], wz = xi[5];
        double theta2 = wx * wx + wy * wy + wz * wz, theta = Math.Sqrt(theta2);
        // a = sin θ / θ, b = (1 - cos θ) / θ², c = (θ - sin θ) / θ³ (series near 0)
        double a, b, c;
        if (theta < 1e-5)
        {
            a = 1 - theta2 / 6;
            b = 0.5 - theta2 / 24;
            c = 1.0 / 6 - theta2 / 120;
        }
        else
        {
            a = Math.Sin(theta) / theta;
            b = (1 - Math.Cos(theta)) / theta2;
            c = (theta - Math.Sin(theta)) / (theta2 * theta);
        }
        // W = [ω]x; W² = ωωᵀ - θ² I
        double[] w = [0, -wz, wy, wz, 0, -wx, -wy, wx, 0];
        double[] w2 = new double[9];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                w2[i * 3 + j] = w[i * 3] * w[j] + w[i * 3 + 1] * w[3 + j] + w[i * 3 + 2] * w[6 + j];
        double[] r = new double[9], vMatrix = new double[9];
        for (int i = 0; i < 9; i++)
        {
            double identity = i % 4 == 0 ? 1 : 0;
            r[i] = identity + a * w[i] + b * w2[i];
            vMatrix[i] = identity + b * w[i] + c * w2[i];
        }
        return new RigidTransform(r,
            vMatrix[0] * vx + vMatrix[1] * vy + vMatrix[2] * vz,
            vMatrix[3] * vx + vMatrix[4] * vy + vMatrix[5] * vz,
            vMatrix[6] * vx + vMatrix[7] * vy + vMatrix[8] * vz);
    }

    /// <summary>The adjoint of <paramref name="c"/>, row-major 6 x 6: the map ξ ↦ Ad_C ξ with C exp(ξ) C⁻¹ = exp(Ad_C ξ),
    /// Ad_C = [[R, [t]× R], [0, R]] for twists (v, ω). A left increment of a pose T is the left increment Ad_C ξ of C T.</summary>
    public static double[] Adjoint(RigidTransform c)
    {
        var r = c.RotationRowMajor();
        double[] tx = [0, -c.Tz, c.Ty, c.Tz, 0, -c.Tx, -c.Ty, c.Tx, 0];                               // [t]×
        var ad = new double[36];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                ad[i * 6 + j] = r[i * 3 + j];
                ad[(3 + i) * 6 + 3 + j] = r[i * 3 + j];
                for (int l = 0; l < 3; l++) ad[i * 6 + 3 + j] += tx[i * 3 + l] * r[l * 3 + j];
            }
        return ad;
    }

    /// <summary>log of a rigid transform: the twist (vx, vy, vz, ωx, ωy, ωz) whose <see cref="Exp"/> it is (rotation
    /// angle in [0, π]); ω from the quaternion, v = V(ω)⁻¹ t.</summary>
    public static double[] Log(RigidTransform t)
    {
        var (qx, qy, qz, qw) = t.ToQuaternion();
        if (qw < 0) (qx, qy, qz, qw) = (-qx, -qy, -qz, -qw);                 // the shorter way round
        double s = Math.Sqrt(qx * qx + qy * qy + qz * qz);
        double theta = 2 * Math.Atan2(s, qw);
        double k = s < 1e-12 ? 2 / Math.Max(qw, 1e-300) : theta / s;          // ω = θ · axis = k · q_v
        double wx = k * qx, wy = k * qy, wz = k * qz;
        double theta2 = theta * theta;
        // V⁻¹ = I - W/2 + e W², e = (1 - θ sin θ / (2 (1 - cos θ))) / θ² (1/12 near 0)
        double e = theta < 1e-4 ? 1.0 / 12 + theta2 / 720 : (1 - theta * Math.Sin(theta) / (2 * (1 - Math.Cos(theta)))) / theta2;
        double[] w = [0, -wz, wy, wz, 0, -wx, -wy, wx, 0];
        double[] inverse = new double[9];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                double w2 = w[i * 3] * w[j] + w[i * 3 + 1] * w[3 + j] + w[i * 3 + 2] * w[6 + j];
                inverse[i * 3 + j] = (i == j ? 1 : 0) - 0.5 * w[i * 3 + j] + e * w2;
            }
        return
        [
            inverse[0] * t.Tx + inverse[1] * t.Ty + inverse[2] * t.Tz,
            inverse[3] * t.Tx + inverse[4] * t.Ty + inverse[5] * t.Tz,
            inverse[6] * t.Tx + inverse[7] * t.Ty + inverse[8] * t.Tz,
            wx, wy, wz,
        ];
    }

    /// <summary>The same transform with its rotation re-orthonormalised (through its quaternion): products of many
    /// transforms, and the constant-velocity guess in particular (T R⁻¹ T with R⁻¹ taken as the transpose), would
    /// otherwise amplify rounding into a scaled, sheared "rotation".</summary>
    public static RigidTransform Orthonormalised(RigidTransform t)
    {
        var (x, y, z, w) = t.ToQuaternion();
        return RigidTransform.FromQuaternion(x, y, z, w, t.Tx, t.Ty, t.Tz);
    }
}
