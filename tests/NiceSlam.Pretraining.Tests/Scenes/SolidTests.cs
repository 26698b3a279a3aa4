using NiceSlam.Pretraining.Scenes;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Pretraining.Tests.Scenes;

public class SolidTests
{
    private static bool[] Contains(ISolid solid, params double[] xyz) =>
        solid.Contains(tensor(xyz, ScalarType.Float64).reshape(-1, 3)).data<bool>().ToArray();

    private static Generator Gen(ulong seed = 1) => new Generator(seed);

    [Fact]
    public void Box_contains_its_inside_and_a_yawed_box_rotates_its_extents()
    {
        var box = new SolidBox(1, 2, 3, 0.5, 0.2, 0.1);
        Assert.Equal([true, true, false, false, false], Contains(box, 1, 2, 3, 1.49, 2.19, 3.09, 1.51, 2, 3, 1, 2.21, 3, 1, 2, 3.11));
        // Long along x before the yaw; after 30° the point (0.6 cos 30°, 0.6 sin 30°) from the centre is inside,
        // although it is outside the unrotated box (|dy| = 0.3 > 0.2), and (0.6, 0) is now outside.
        var yawed = new SolidBox(1, 2, 3, 0.8, 0.2, 0.1, Math.PI / 6);
        double c = Math.Cos(Math.PI / 6), s = Math.Sin(Math.PI / 6);
        Assert.Equal([true, false], Contains(yawed, 1 + 0.6 * c, 2 + 0.6 * s, 3, 1 + 0.6 * c, 2 - 0.6 * s, 3));
        Assert.Equal([false], Contains(new SolidBox(1, 2, 3, 0.8, 0.2, 0.1), 1 + 0.6 * c, 2 + 0.6 * s, 3));
        // float32 input works as well.
        Assert.True(yawed.Contains(tensor(new float[] { 1, 2, 3 }).reshape(1, 3)).data<bool>()[0]);
        Assert.Equal(8 * (0.8 * 0.2 + 0.2 * 0.1 + 0.8 * 0.1), yawed.SurfaceArea, 12);
        Assert.Equal(1 - (0.8 * c + 0.2 * s), yawed.Bounds.MinX, 12);
        Assert.Equal(2 + (0.8 * s + 0.2 * c), yawed.Bounds.MaxY, 12);
    }

    [Fact]
    public void Sphere_and_cylinder_contain_their_inside()
    {
        var sphere = new SolidSphere(1, 1, 1, 0.3);
        Assert.Equal([true, true, false], Contains(sphere, 1, 1, 1, 1.2, 1.2, 1.0, 1.25, 1.25, 1.0));   // 0.28 in, 0.35 out
        var cylinder = new SolidCylinder(3, 1, 1, 0.2, 1);   // z in [0, 2]
        Assert.Equal([true, true, false, false, false], Contains(cylinder, 3, 1, 0, 3.1, 1.1, 1.99, 3.1, 1.1, 2.01, 3.15, 1.15, 1.0, 3, 1, -0.01));
        Assert.Equal(2 * Math.PI * 0.2 * 2 + 2 * Math.PI * 0.04, cylinder.SurfaceArea, 12);
        var standing = SolidCylinder.Standing(0, 0, 0.5, 0.1, 0.4);
        Assert.Equal(0.5, standing.Bounds.MinZ, 12);
        Assert.Equal(0.9, standing.Bounds.MaxZ, 12);
    }

    [Fact]
    public void Box_samples_lie_on_its_faces()
    {
        var box = new SolidBox(1, 2, 0.5, 0.7, 0.3, 0.5, 0.4);
        var p = box.SampleSurface(4000, Gen()).data<double>().ToArray();
        Assert.Equal(12000, p.Length);
        double c = Math.Cos(0.4), s = Math.Sin(0.4);
        for (int i = 0; i < p.Length; i += 3)
        {
            double dx = p[i] - 1, dy = p[i + 1] - 2, dz = p[i + 2] - 0.5;
            double lx = c * dx + s * dy, ly = -s * dx + c * dy;
            // Inside (up to rounding) and on at least one face.
            Assert.True(Math.Abs(lx) <= 0.7 + 1e-9 && Math.Abs(ly) <= 0.3 + 1e-9 && Math.Abs(dz) <= 0.5 + 1e-9);
            double toFace = Math.Min(Math.Abs(Math.Abs(lx) - 0.7), Math.Min(Math.Abs(Math.Abs(ly) - 0.3), Math.Abs(Math.Abs(dz) - 0.5)));
            Assert.True(toFace < 1e-5, $"point {i / 3} is {toFace} m off the surface");
        }
    }

    [Fact]
    public void Box_samples_are_area_weighted_over_faces()
    {
        // Top and bottom faces 2 x 2 = 4 m² each; the four sides 2 x 0.1 = 0.2 m² each: 8 / 8.8 of the samples on z faces.
        var box = new SolidBox(0, 0, 0, 1, 1, 0.05);
        var p = box.SampleSurface(20000, Gen(3));
        var onZ = (p[.., 2].abs() - 0.05).abs() < 1e-9;
        double share = onZ.to(ScalarType.Float64).mean().item<double>();
        Assert.InRange(share, 8 / 8.8 - 0.01, 8 / 8.8 + 0.01);
        // +x and -x faces equally often.
        var px = (p[.., 0] - 1).abs() < 1e-9;
        var nx = (p[.., 0] + 1).abs() < 1e-9;
        double plus = px.sum().item<long>(), minus = nx.sum().item<long>();
        Assert.InRange(plus / (plus + minus), 0.45, 0.55);
    }

    [Fact]
    public void Sphere_samples_have_its_radius_and_centre_as_mean()
    {
        var sphere = new SolidSphere(1, -2, 0.5, 0.3);
        var p = sphere.SampleSurface(20000, Gen(5));
        var centre = tensor(new[] { 1.0, -2.0, 0.5 }, ScalarType.Float64);
        var r = (p - centre).norm(1);
        Assert.True((r - 0.3).abs().max().item<double>() < 1e-9);
        var mean = p.mean([0]).data<double>().ToArray();
        Assert.Equal(1.0, mean[0], 2);
        Assert.Equal(-2.0, mean[1], 2);
        Assert.Equal(0.5, mean[2], 2);
    }

    [Fact]
    public void Cylinder_samples_lie_on_side_or_caps_in_proportion_to_area()
    {
        var cylinder = new SolidCylinder(0.5, 0.5, 1, 0.2, 0.5);   // side 0.4 pi, caps 0.04 pi each
        var p = cylinder.SampleSurface(20000, Gen(7)).data<double>().ToArray();
        int onCaps = 0;
        for (int i = 0; i < p.Length; i += 3)
        {
            double rho = Math.Sqrt((p[i] - 0.5) * (p[i] - 0.5) + (p[i + 1] - 0.5) * (p[i + 1] - 0.5)), dz = p[i + 2] - 1;
            bool side = Math.Abs(rho - 0.2) < 1e-5 && Math.Abs(dz) <= 0.5 + 1e-9;
            bool cap = Math.Abs(Math.Abs(dz) - 0.5) < 1e-5 && rho <= 0.2 + 1e-9;
            Assert.True(side || cap, $"point {i / 3} off the surface: rho {rho}, dz {dz}");
            if (cap && !side) onCaps++;
        }
        Assert.InRange(onCaps / 20000.0, 0.08 / 0.48 - 0.015, 0.08 / 0.48 + 0.015);
    }

    [Fact]
    public void Sampling_is_deterministic_for_a_generator_seed()
    {
        var box = new SolidBox(0, 0, 0, 1, 0.5, 0.2, 1);
        var a = box.SampleSurface(100, Gen(9));
        var b = box.SampleSurface(100, Gen(9));
        Assert.True((a == b).all().item<bool>());
    }
}
