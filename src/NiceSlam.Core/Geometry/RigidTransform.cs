namespace NiceSlam.Core.Geometry;

/// <summary>
/// A rigid transform (rotation R, translation t) in double precision: x' = R x + t.
///
/// Convention used everywhere in the project: a camera pose is camera-to-world, and the camera frame is the
/// optical frame of OpenCV and ROS (REP 103 "_optical_frame"): x right, y down, z forward along the viewing
/// direction. Datasets that use another convention (none of TUM, 7-Scenes, Replica, ScanNet does) are converted
/// at their reader; the renderer's internal convention is the engine's business.
/// </summary>
public readonly struct RigidTransform : IEquatable<RigidTransform>
{
    // Row-major 3x3 rotation.
    private readonly double r00, r01, r02, r10, r11, r12, r20, r21, r22;

    public RigidTransform(double[] rotationRowMajor, double tx, double ty, double tz)
    {
        ArgumentNullException.ThrowIfNull(rotationRowMajor);
        if (rotationRowMajor.Length != 9) throw new ArgumentException("rotation needs 9 values (row-major 3x3)", nameof(rotationRowMajor));
        (r00, r01, r02, r10, r11, r12, r20, r21, r22) = (rotationRowMajor[0], rotationRowMajor[1], rotationRowMajor[2],
            rotationRowMajor[3], rotationRowMajor[4], rotationRowMajor[5], rotationRowMajor[6], rotationRowMajor[7], rotationRowMajor[8]);
        Tx = tx;
        Ty = ty;
        Tz = tz;
    }

    public static RigidTransform Identity { get; } = new([1, 0, 0, 0, 1, 0, 0, 0, 1], 0, 0, 0);

    public double Tx { get; }
    public double Ty { get; }
    public double Tz { get; }

    /// <summary>Rotation entry R[row, col].</summary>
    public double R(int row, int col) => (row * 3 + col) switch
    {
        0 => r00, 1 => r01, 2 => r02, 3 => r10, 4 => r11, 5 => r12, 6 => r20, 7 => r21, 8 => r22,
        _ => throw new ArgumentOutOfRangeException(nameof(row)),
    };

    public double[] RotationRowMajor() => [r00, r01, r02, r10, r11, r12, r20, r21, r22];

    public (double X, double Y, double Z) Translation => (Tx, Ty, Tz);

    /// <summary>From a unit quaternion (x, y, z, w) as TUM files write it, normalised here; and a translation.</summary>
    public static RigidTransform FromQuaternion(double qx, double qy, double qz, double qw, double tx, double ty, double tz)
    {
        double n = Math.Sqrt(qx * qx + qy * qy + qz * qz + qw * qw);
        if (!(n > 1e-12) || !double.IsFinite(n)) throw new ArgumentException($"quaternion ({qx}, {qy}, {qz}, {qw}) has no direction");
        qx /= n; qy /= n; qz /= n; qw /= n;
        return new RigidTransform(
        [
            1 - 2 * (qy * qy + qz * qz), 2 * (qx * qy - qz * qw), 2 * (qx * qz + qy * qw),
            2 * (qx * qy + qz * qw), 1 - 2 * (qx * qx + qz * qz), 2 * (qy * qz - qx * qw),
            2 * (qx * qz - qy * qw), 2 * (qy * qz + qx * qw), 1 - 2 * (qx * qx + qy * qy),
        ], tx, ty, tz);
    }

    /// <summary>The rotation as a unit quaternion (x, y, z, w) with w >= 0.</summary>
    public (double X, double Y, double Z, double W) ToQuaternion()
    {
        double x, y, z, w;
        double trace = r00 + r11 + r22;
        if (trace > 0)
        {
            double s = Math.Sqrt(trace + 1) * 2;
            w = 0.25 * s; x = (r21 - r12) / s; y = (r02 - r20) / s; z = (r10 - r01) / s;
        }
        else if (r00 > r11 && r00 > r22)
        {
            double s = Math.Sqrt(1 + r00 - r11 - r22) * 2;
            w = (r21 - r12) / s; x = 0.25 * s; y = (r01 + r10) / s; z = (r02 + r20) / s;
        }
        else if (r11 > r22)
        {
            double s = Math.Sqrt(1 + r11 - r00 - r22) * 2;
            w = (r02 - r20) / s; x = (r01 + r10) / s; y = 0.25 * s; z = (r12 + r21) / s;
        }
        else
        {
            double s = Math.Sqrt(1 + r22 - r00 - r11) * 2;
            w = (r10 - r01) / s; x = (r02 + r20) / s; y = (r12 + r21) / s; z = 0.25 * s;
        }
        double n = Math.Sqrt(x * x + y * y + z * z + w * w);
        if (w < 0) n = -n;
        return (x / n, y / n, z / n, w / n);
    }

    /// <summary>From a row-major 4x4 homogeneous matrix. The rotation block must be orthonormal within
    /// <paramref name="tolerance"/> (it is then re-orthonormalised), the last row [0 0 0 1].</summary>
    public static RigidTransform FromMatrix(IReadOnlyList<double> m, double tolerance = 1e-3)
    {
        if (m.Count != 16) throw new ArgumentException($"a 4x4 matrix needs 16 values, got {m.Count}");
        if (m.Any(v => !double.IsFinite(v))) throw new ArgumentException("matrix has non-finite values");
        if (Math.Abs(m[12]) > tolerance || Math.Abs(m[13]) > tolerance || Math.Abs(m[14]) > tolerance || Math.Abs(m[15] - 1) > tolerance)
            throw new ArgumentException($"last row must be [0 0 0 1], got [{m[12]} {m[13]} {m[14]} {m[15]}]");
        var rotation = new RigidTransform([m[0], m[1], m[2], m[4], m[5], m[6], m[8], m[9], m[10]], 0, 0, 0);
        double error = rotation.OrthonormalityError();
        if (error > tolerance) throw new ArgumentException($"rotation block is not orthonormal (|RᵀR - I| = {error:g3})");
        var (qx, qy, qz, qw) = rotation.ToQuaternion();
        return FromQuaternion(qx, qy, qz, qw, m[3], m[7], m[11]);
    }

    /// <summary>Row-major 4x4 homogeneous matrix.</summary>
    public double[] ToMatrix() => [r00, r01, r02, Tx, r10, r11, r12, Ty, r20, r21, r22, Tz, 0, 0, 0, 1];

    /// <summary>Max-abs entry of RᵀR - I.</summary>
    public double OrthonormalityError()
    {
        double[] r = RotationRowMajor();
        double worst = 0;
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                double dot = r[i] * r[j] + r[3 + i] * r[3 + j] + r[6 + i] * r[6 + j];
                worst = Math.Max(worst, Math.Abs(dot - (i == j ? 1 : 0)));
            }
        return worst;
    }

    /// <summary>this ∘ other: applies <paramref name="other"/> first.</summary>
    public RigidTransform Compose(RigidTransform other)
    {
        double[] a = RotationRowMajor(), b = other.RotationRowMajor(), c = new double[9];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                c[i * 3 + j] = a[i * 3] * b[j] + a[i * 3 + 1] * b[3 + j] + a[i * 3 + 2] * b[6 + j];
        var (x, y, z) = Apply(other.Tx, other.Ty, other.Tz);
        return new RigidTransform(c, x, y, z);
    }

    public static RigidTransform operator *(RigidTransform a, RigidTransform b) => a.Compose(b);

    public RigidTransform Inverse()
    {
        double[] rt = [r00, r10, r20, r01, r11, r21, r02, r12, r22];
        return new RigidTransform(rt,
            -(rt[0] * Tx + rt[1] * Ty + rt[2] * Tz),
            -(rt[3] * Tx + rt[4] * Ty + rt[5] * Tz),
            -(rt[6] * Tx + rt[7] * Ty + rt[8] * Tz));
    }

    public (double X, double Y, double Z) Apply(double x, double y, double z) =>
        (r00 * x + r01 * y + r02 * z + Tx, r10 * x + r11 * y + r12 * z + Ty, r20 * x + r21 * y + r22 * z + Tz);

    public (double X, double Y, double Z) Rotate(double x, double y, double z) =>
        (r00 * x + r01 * y + r02 * z, r10 * x + r11 * y + r12 * z, r20 * x + r21 * y + r22 * z);

    /// <summary>Rotation angle in radians (0..π), from the quaternion (accurate near 0, unlike acos of the trace).</summary>
    public double RotationAngle()
    {
        var (x, y, z, w) = ToQuaternion();
        return 2 * Math.Atan2(Math.Sqrt(x * x + y * y + z * z), w);
    }

    public double TranslationNorm() => Math.Sqrt(Tx * Tx + Ty * Ty + Tz * Tz);

    /// <summary>Rotation about a unit axis by <paramref name="angle"/> radians (Rodrigues).</summary>
    public static RigidTransform FromAxisAngle(double ax, double ay, double az, double angle, double tx = 0, double ty = 0, double tz = 0)
    {
        double n = Math.Sqrt(ax * ax + ay * ay + az * az);
        if (n < 1e-15) return new RigidTransform(Identity.RotationRowMajor(), tx, ty, tz);
        double h = angle / 2, s = Math.Sin(h) / n;
        return FromQuaternion(ax * s, ay * s, az * s, Math.Cos(h), tx, ty, tz);
    }

    /// <summary>Linear interpolation of translation and spherical interpolation of rotation, s in [0, 1].</summary>
    public static RigidTransform Interpolate(RigidTransform a, RigidTransform b, double s)
    {
        var qa = a.ToQuaternion();
        var qb = b.ToQuaternion();
        double dot = qa.X * qb.X + qa.Y * qb.Y + qa.Z * qb.Z + qa.W * qb.W;
        if (dot < 0) { qb = (-qb.X, -qb.Y, -qb.Z, -qb.W); dot = -dot; }
        double wa, wb;
        if (dot > 0.9995) { wa = 1 - s; wb = s; }
        else
        {
            double theta = Math.Acos(dot), sin = Math.Sin(theta);
            wa = Math.Sin((1 - s) * theta) / sin;
            wb = Math.Sin(s * theta) / sin;
        }
        return FromQuaternion(wa * qa.X + wb * qb.X, wa * qa.Y + wb * qb.Y, wa * qa.Z + wb * qb.Z, wa * qa.W + wb * qb.W,
            a.Tx + s * (b.Tx - a.Tx), a.Ty + s * (b.Ty - a.Ty), a.Tz + s * (b.Tz - a.Tz));
    }

    public bool Equals(RigidTransform other) => ToMatrix().AsSpan().SequenceEqual(other.ToMatrix());
    public override bool Equals(object? obj) => obj is RigidTransform other && Equals(other);
    public override int GetHashCode() => HashCode.Combine(r00, r11, r22, Tx, Ty, Tz);
    public static bool operator ==(RigidTransform a, RigidTransform b) => a.Equals(b);
    public static bool operator !=(RigidTransform a, RigidTransform b) => !a.Equals(b);

    public override string ToString()
    {
        var (qx, qy, qz, qw) = ToQuaternion();
        return FormattableString.Invariant($"t=({Tx:0.####}, {Ty:0.####}, {Tz:0.####}) q=({qx:0.####}, {qy:0.####}, {qz:0.####}, {qw:0.####})");
    }
}
