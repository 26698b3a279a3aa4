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
        double[] expected = motion.ToMatrix(), actual = alignment.Transform.ToMatrix();
        for (int i = 0; i < 16; i++) Assert.Equal(expected[i], actual[i], 9);
    }

    [Fact]
    public void A_mirrored_point_set_gives_a_rotation_not_a_reflection()
    {
        // Planar points mirrored through their plane: the unconstrained least-squares optimum is a reflection
        // (det -1); the sign correction must return a proper rotation instead.
        var source = new (double, double, double)[] { (0, 0, 0), (1, 0, 0), (0, 1, 0), (1, 1, 0), (0.5, 0.2, 0) };
        var target = source.Select(p => (p.Item1, p.Item2, -p.Item3 + 0.0)).ToArray(); // z -> -z, here all z = 0
        var rotated = RigidTransform.FromAxisAngle(0, 0, 1, 0.4);
        var mirrored = new (double, double, double)[] { (0, 0, 0.1), (1, 0, -0.1), (0, 1, -0.1), (1, 1, 0.1), (0.5, 0.2, 0) };
        var reflectedTarget = mirrored.Select(p => rotated.Apply(p.Item1, p.Item2, -p.Item3)).ToArray();
        var alignment = RigidAlignment.Align(mirrored, reflectedTarget);
        double[] r = alignment.Transform.RotationRowMajor();
        double det = r[0] * (r[4] * r[8] - r[5] * r[7]) - r[1] * (r[3] * r[8] - r[5] * r[6]) + r[2] * (r[3] * r[7] - r[4] * r[6]);
        Assert.Equal(1, det, 9);
        Assert.True(alignment.Transform.OrthonormalityError() < 1e-9);
        Assert.NotNull(target);
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
    }
}
