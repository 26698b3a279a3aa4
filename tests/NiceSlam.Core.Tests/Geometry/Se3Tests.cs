using NiceSlam.Core.Geometry;

namespace NiceSlam.Core.Tests.Geometry;

public class Se3Tests
{
    [Theory]
    [InlineData(0.1, -0.2, 0.3, 0.2, -0.1, 0.4)]
    [InlineData(0.01, 0.02, -0.03, 1e-7, 2e-7, -1e-7)]
    [InlineData(0, 0, 0, 0, 0, 0)]
    public void Exp_is_a_proper_rotation_about_the_twist_axis_with_the_closed_form_translation(double vx, double vy, double vz, double wx, double wy, double wz)
    {
        var t = Se3.Exp([vx, vy, vz, wx, wy, wz]);
        Assert.True(t.OrthonormalityError() < 1e-12, $"orthonormality {t.OrthonormalityError()}");
        double theta = Math.Sqrt(wx * wx + wy * wy + wz * wz);
        var expected = RigidTransform.FromAxisAngle(wx, wy, wz, theta);
        Assert.True((expected.Inverse() * t).RotationAngle() < 1e-12);
        // exp(ξ) = lim (I + ξ/n)^n: compose many small steps of rotation then translation
        const int n = 20000;
        var step = RigidTransform.FromAxisAngle(wx, wy, wz, theta / n, vx / n, vy / n, vz / n);
        var composed = RigidTransform.Identity;
        for (int i = 0; i < n; i++) composed = step * composed;
        Assert.Equal(composed.Tx, t.Tx, 4);
        Assert.Equal(composed.Ty, t.Ty, 4);
        Assert.Equal(composed.Tz, t.Tz, 4);
    }

    [Theory]
    [InlineData(0.1, -0.2, 0.3, 0.2, -0.1, 0.4)]
    [InlineData(0.01, 0.02, -0.03, 1e-7, 2e-7, -1e-7)]
    [InlineData(0.5, 0, -0.2, 0, 2.9, 0.3)]
    [InlineData(0.3, 0.1, 0, 0, 0, 0)]
    [InlineData(0, 0, 0, 0, 0, 0)]
    public void Log_inverts_Exp(double vx, double vy, double vz, double wx, double wy, double wz)
    {
        double[] xi = [vx, vy, vz, wx, wy, wz];
        var log = Se3.Log(Se3.Exp(xi));
        for (int i = 0; i < 6; i++) Assert.True(Math.Abs(log[i] - xi[i]) < 1e-9, $"component {i}: {log[i]} vs {xi[i]}");
    }

    [Theory]
    [InlineData(0.1, -0.2, 0.3, 0.2, -0.1, 0.4)]
    [InlineData(0.002, 0.001, -0.003, 0.004, 0.002, -0.001)]
    public void Adjoint_carries_a_left_increment_through_a_transform(double vx, double vy, double vz, double wx, double wy, double wz)
    {
        double[] xi = [vx, vy, vz, wx, wy, wz];
        var c = RigidTransform.FromAxisAngle(0.3, -1, 0.5, 0.7, 0.4, -0.2, 1.1);
        var ad = Se3.Adjoint(c);
        var moved = new double[6];
        for (int i = 0; i < 6; i++)
            for (int j = 0; j < 6; j++) moved[i] += ad[i * 6 + j] * xi[j];
        // C exp(ξ) C⁻¹ = exp(Ad_C ξ)
        var expected = c * Se3.Exp(xi) * c.Inverse();
        var actual = Se3.Exp(moved);
        var difference = expected.Inverse() * actual;
        Assert.True(difference.TranslationNorm() < 1e-12 && difference.RotationAngle() < 1e-12,
            $"{difference.TranslationNorm()} m, {difference.RotationAngle()} rad");
        // Not the identity map: the test would not see a missing adjoint otherwise.
        Assert.True((Se3.Exp(xi).Inverse() * actual).TranslationNorm() > 1e-3);
    }
}
