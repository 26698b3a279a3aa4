using NiceSlam.Core.Geometry;
using NiceSlam.Data.Evaluation;

namespace NiceSlam.Data.Tests.Evaluation;

public class RigidAlignmentTests
{
    private static (double, double, double)[] Points(int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (random.NextDouble() * 4 - 2, random.NextDouble() * 4 - 2, random.NextDouble() * 2)).ToArray();
    }

    [Fact]
    public void Recovers_a_known_rotation_and_translation_exactly()
    {
        var motion = RigidTransform.FromAxisAngle(1, 2, 3, 30 * Math.PI / 180, 0.5, -1.25, 2);
        var source = Points(50, 1);
        var target = source.Select(p => motion.Apply(p.Item1, p.Item2, p.Item3)).ToArray();
        var alignment = RigidAlignment.Align(source, target);
        Assert.Equal(1, alignment.Scale);
        AssertClose(motion, alignment.Transform, 1e-9);
    }

    [Fact]
    public void A_mirrored_point_set_gives_the_best_rotation_not_the_reflection()
    {
        // Source: centred, spreads 3 > 2 > 1 m along x, y, z. Target: the source mirrored (z -> -z), then moved by
        // a known rigid motion M. The cross-covariance is then M.R · diag(3, 4/3, -1/3), so the naive U Vᵀ is
        // M.R · diag(1, 1, -1): a reflection (det -1) that would fit exactly. The best *rotation* maximises
        // tr(Qᵀ diag(3, 4/3, -1/3)) over SO(3), which is Q = I (only the smallest axis is left unmatched): R = M.R,
        // t = M.t. The det correction on the smallest singular value must give exactly that.
        var motion = RigidTransform.FromAxisAngle(1, 2, 3, 30 * Math.PI / 180, 0.3, -0.7, 1.1);
        var source = new (double X, double Y, double Z)[] { (3, 0, 0), (-3, 0, 0), (0, 2, 0), (0, -2, 0), (0, 0, 1), (0, 0, -1) };
        var target = source.Select(p => motion.Apply(p.X, p.Y, -p.Z)).ToArray();
        var alignment = RigidAlignment.Align(source, target);
        Assert.Equal(1, Determinant(alignment.Transform), 12);
        AssertClose(motion, alignment.Transform, 1e-9);
    }

    [Fact]
    public void Coplanar_points_recover_the_rotation_exactly()
    {
        // All points on z = 0: the cross-covariance has rank 2 and its third singular vectors have an arbitrary
        // sign, so U Vᵀ alone can come out as a reflection; the corrected result is the one rotation that fits.
        var motion = RigidTransform.FromAxisAngle(1, 2, 3, 30 * Math.PI / 180, -2, 0.5, 0.25);
        var random = new Random(5);
        var source = Enumerable.Range(0, 40).Select(_ => (X: random.NextDouble() * 6 - 3, Y: random.NextDouble() * 2 - 1, Z: 0.0)).ToArray();
        var target = source.Select(p => motion.Apply(p.X, p.Y, p.Z)).ToArray();
        var alignment = RigidAlignment.Align(source, target);
        AssertClose(motion, alignment.Transform, 1e-9);
    }

    [Fact]
    public void Noisy_points_give_a_proper_rotation_close_to_the_true_one()
    {
        var motion = RigidTransform.FromAxisAngle(-0.5, 1, 0.2, 2.5, 1, 2, 3);
        var random = new Random(11);
        var source = Points(500, 3);
        var target = source.Select(p => motion.Apply(p.Item1, p.Item2, p.Item3))
            .Select(p => (p.X + 0.01 * (random.NextDouble() - 0.5), p.Y + 0.01 * (random.NextDouble() - 0.5), p.Z + 0.01 * (random.NextDouble() - 0.5)))
            .ToArray();
        var alignment = RigidAlignment.Align(source, target);
        Assert.True(alignment.Transform.OrthonormalityError() < 1e-12);
        Assert.Equal(1, Determinant(alignment.Transform), 12);
        var residual = alignment.Transform * motion.Inverse();
        Assert.True(residual.RotationAngle() < 1e-3 && residual.TranslationNorm() < 1e-3, residual.ToString());
    }

    [Fact]
    public void With_scale_recovers_a_similarity()
    {
        var motion = RigidTransform.FromAxisAngle(-1, 0.5, 2, 1.1, 3, 2, 1);
        var source = Points(30, 2);
        var target = source.Select(p => motion.Apply(2.5 * p.Item1, 2.5 * p.Item2, 2.5 * p.Item3)).ToArray();
        var alignment = RigidAlignment.Align(source, target, withScale: true);
        Assert.Equal(2.5, alignment.Scale, 9);
        var mapped = alignment.Apply(source[3].Item1, source[3].Item2, source[3].Item3);
        Assert.Equal(target[3].Item1, mapped.X, 9);
        Assert.Equal(target[3].Item3, mapped.Z, 9);
    }

    [Fact]
    public void Rejects_too_few_or_unequal_point_sets()
    {
        Assert.Throws<ArgumentException>(() => RigidAlignment.Align(Points(2, 1), Points(2, 2)));
        Assert.Throws<ArgumentException>(() => RigidAlignment.Align(Points(5, 1), Points(4, 2)));
        var bad = Points(5, 1);
        bad[2] = (double.NaN, 0, 0);
        Assert.Throws<ArgumentException>(() => RigidAlignment.Align(bad, Points(5, 2)));
    }

    private static double Determinant(RigidTransform t)
    {
        double[] r = t.RotationRowMajor();
        return r[0] * (r[4] * r[8] - r[5] * r[7]) - r[1] * (r[3] * r[8] - r[5] * r[6]) + r[2] * (r[3] * r[7] - r[4] * r[6]);
    }

    private static void AssertClose(RigidTransform expected, RigidTransform actual, double tolerance)
    {
        double[] e = expected.ToMatrix(), a = actual.ToMatrix();
        for (int i = 0; i < 16; i++)
            Assert.True(Math.Abs(e[i] - a[i]) <= tolerance, $"entry {i}: expected {e[i]:R}, got {a[i]:R}");
    }
}
