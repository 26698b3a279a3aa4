using NiceSlam.Core.Geometry;

namespace NiceSlam.Core.Tests;

public class RigidTransformTests
{
    private const double Eps = 1e-12;

    [Fact]
    public void Quaternion_of_90_degrees_about_z_maps_x_to_y()
    {
        double h = Math.Sqrt(0.5);
        var t = RigidTransform.FromQuaternion(0, 0, h, h, 1, 2, 3);
        var (x, y, z) = t.Apply(1, 0, 0);
        Assert.Equal(1, x, 12);
        Assert.Equal(3, y, 12);
        Assert.Equal(3, z, 12);
        Assert.Equal(Math.PI / 2, t.RotationAngle(), 12);
    }

    [Fact]
    public void Quaternion_round_trip_keeps_w_non_negative_and_handles_every_branch()
    {
        // 180-degree rotations exercise the non-trace branches of the matrix-to-quaternion conversion.
        (double, double, double, double)[] quaternions =
        [
            (0.1, 0.2, 0.3, 0.927361), (1, 0, 0, 0), (0, 1, 0, 0), (0, 0, 1, 0),
            (0.6504, 0.6012, -0.3056, -0.3496), // a TUM ground-truth line, w < 0
        ];
        foreach (var (qx, qy, qz, qw) in quaternions)
        {
            var a = RigidTransform.FromQuaternion(qx, qy, qz, qw, 0, 0, 0);
            var q = a.ToQuaternion();
            Assert.True(q.W >= 0);
            var b = RigidTransform.FromQuaternion(q.X, q.Y, q.Z, q.W, 0, 0, 0);
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++)
                    Assert.Equal(a.R(i, j), b.R(i, j), 9);
        }
    }

    [Fact]
    public void Inverse_composes_to_identity_and_compose_applies_right_operand_first()
    {
        var a = RigidTransform.FromAxisAngle(1, 2, 3, 0.7, 0.5, -1, 2);
        var b = RigidTransform.FromAxisAngle(-2, 0, 1, 1.3, 3, 0.25, -4);
        var identity = a * a.Inverse();
        Assert.True(identity.TranslationNorm() < Eps);
        Assert.True(identity.RotationAngle() < 1e-7);
        var viaCompose = (a * b).Apply(0.3, -0.2, 0.9);
        var (bx, by, bz) = b.Apply(0.3, -0.2, 0.9);
        var viaSteps = a.Apply(bx, by, bz);
        Assert.Equal(viaSteps.X, viaCompose.X, 12);
        Assert.Equal(viaSteps.Y, viaCompose.Y, 12);
        Assert.Equal(viaSteps.Z, viaCompose.Z, 12);
    }

    [Fact]
    public void Matrix_round_trip_and_rejection_of_non_rigid_matrices()
    {
        var a = RigidTransform.FromAxisAngle(0.3, -1, 0.2, 2.1, 1, 2, 3);
        var b = RigidTransform.FromMatrix(a.ToMatrix());
        Assert.Equal(a.ToMatrix(), b.ToMatrix(), new ToleranceComparer(1e-12));

        double[] scaled = a.ToMatrix();
        scaled[0] *= 1.1;
        Assert.Contains("orthonormal", Assert.Throws<ArgumentException>(() => RigidTransform.FromMatrix(scaled)).Message);
        double[] projective = a.ToMatrix();
        projective[14] = 0.5;
        Assert.Throws<ArgumentException>(() => RigidTransform.FromMatrix(projective));
        double[] nan = a.ToMatrix();
        nan[3] = double.NaN;
        Assert.Throws<ArgumentException>(() => RigidTransform.FromMatrix(nan));
    }

    [Fact]
    public void Zero_quaternion_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => RigidTransform.FromQuaternion(0, 0, 0, 0, 0, 0, 0));
    }

    [Fact]
    public void Interpolation_halfway_is_half_the_rotation_angle_and_the_mean_translation()
    {
        var a = RigidTransform.FromAxisAngle(0, 0, 1, 0.2, 0, 0, 0);
        var b = RigidTransform.FromAxisAngle(0, 0, 1, 1.0, 2, 4, -6);
        var mid = RigidTransform.Interpolate(a, b, 0.5);
        Assert.Equal(0.6, mid.RotationAngle(), 12);
        Assert.Equal((1.0, 2.0, -3.0), (mid.Tx, mid.Ty, mid.Tz));
        Assert.Equal(a.ToMatrix(), RigidTransform.Interpolate(a, b, 0).ToMatrix(), new ToleranceComparer(1e-12));
        Assert.Equal(b.ToMatrix(), RigidTransform.Interpolate(a, b, 1).ToMatrix(), new ToleranceComparer(1e-12));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }
}
