using NiceSlam.Core.Meshing;
using NiceSlam.Data.Evaluation;
using NiceSlam.Data.Synthetic;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Data.Tests.Synthetic;

/// <summary>The exact distance to the synthetic scene's surfaces, mesh accuracy's reference: known answers per
/// primitive, and the bias it removes (a mesh on surfaces the ground-truth views did not include).</summary>
public class SurfaceDistanceTests
{
    private static readonly ProceduralTexture Grey = ProceduralTexture.Checker(new(0.5, 0.5, 0.5), new(0.6, 0.6, 0.6), 1, Vec3.UnitX, Vec3.UnitY);

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-12, $"[{i}]: expected {expected[i]}, got {actual[i]}");
    }

    private static double[] Distances(ScenePrimitive primitive, params double[][] points)
    {
        using var scope = NewDisposeScope();
        var p = tensor(points.SelectMany(x => x).ToArray(), float64).reshape(-1, 3);
        return primitive.Distance(p, 0).data<double>().ToArray();
    }

    [Fact]
    public void Plane_distance_is_the_offset_along_its_normal_on_either_side()
    {
        var ceiling = new PlanePrimitive("ceiling", new Vec3(0, 0, -1), -2.7, Grey);                 // z = 2.7
        AssertClose([2.7, 0.2, 0.3, 0], Distances(ceiling, [0, 0, 0], [5, -3, 2.5], [1, 1, 3.0], [7, 7, 2.7]));
    }

    [Fact]
    public void Sphere_distance_is_the_gap_to_the_radius_inside_and_out()
    {
        var ball = new SpherePrimitive("ball", new Vec3(1, 2, 3), 0.5, Grey);
        AssertClose([0.5, 0.2, 1.5, 0], Distances(ball, [1, 2, 3], [1, 2.3, 3], [1, 2, 5], [1.5, 2, 3]));
    }

    [Fact]
    public void Box_distance_is_to_the_nearest_face_inside_and_to_the_nearest_point_outside_even_rotated()
    {
        // Half extents 1 x 0.5 x 0.25 around (0, 0, 1), turned 90° about z: its long side runs along y.
        var box = new BoxPrimitive("cabinet", new Vec3(0, 0, 1), new Vec3(1, 0.5, 0.25), Math.PI / 2, Grey);
        AssertClose([0.25, 0.1, 0.5, Math.Sqrt(0.5 * 0.5 + 0.75 * 0.75), 0.4], Distances(box, [0, 0, 1], [0.4, 0, 1], [0, 0, 1.75], [1, 0, 2], [0, 1.4, 1]));
        // centre: the nearest face is the top/bottom (0.25); 0.1 from the side face at x = 0.5 (the short half extent
        // after the turn); 0.5 above the top; off a top edge by (0.5, 0.75); 0.4 beyond the end face at y = 1.
    }

    [Fact]
    public void Cylinder_distance_covers_the_side_the_caps_and_the_rim()
    {
        var column = new CylinderPrimitive("column", 1, 1, 0.2, 0, 2, Grey);
        AssertClose([0.2, 0.3, 0.5, 0.5, Math.Sqrt(0.3 * 0.3 + 0.4 * 0.4)], Distances(column, [1, 1, 1], [1.5, 1, 1], [1, 1, 2.5], [1.05, 1, -0.5], [1.5, 1, 2.4]));
        // on the axis mid-height: the side (0.2) is nearer than the caps (1); 0.3 outside the side; 0.5 above the top
        // and below the bottom; off the top rim by (0.3, 0.4).
    }

    [Fact]
    public void Scene_distance_is_the_nearest_primitives_and_a_moving_one_counts_where_it_was()
    {
        var floor = new PlanePrimitive("floor", Vec3.UnitZ, 0, Grey);
        var moving = new SpherePrimitive("ball", t => new Vec3(t, 0, 1), 0.1, Grey);                 // moves 1 m/s along x
        var scene = new SyntheticScene(SyntheticScene.DefaultRoom, [floor, moving]);
        using var scope = NewDisposeScope();
        var points = tensor(new[] { 0.0, 0, 1, 2, 0, 1, 5, 5, 0.3 }, float64).reshape(3, 3);
        var once = scene.SurfaceDistance(points, [0.0]).data<double>().ToArray();
        var twice = scene.SurfaceDistance(points, [0.0, 2.0]).data<double>().ToArray();
        AssertClose([0.1, 1.0, 0.3], once);        // the ball at x = 0; the floor nearer for the far points
        AssertClose([0.1, 0.1, 0.3], twice);       // the ball at x = 2 too
    }

    [Fact]
    public void Mesh_accuracy_against_the_scene_counts_a_surface_that_the_ground_truth_points_missed_as_accurate()
    {
        var room = new SyntheticScene(SyntheticScene.DefaultRoom, SyntheticScene.RoomPlanes(SyntheticScene.DefaultRoom));
        // A 2 x 2 m square 1 cm above the floor (z = 0) of an empty room, and ground-truth points on the floor far from
        // it only: the point reference calls the square's points inaccurate, the scene does not.
        var mesh = new TriangleMesh([-1, -1, 0.01f, 1, -1, 0.01f, 1, 1, 0.01f, -1, 1, 0.01f], [0, 1, 2, 0, 2, 3]);
        float[] groundTruth = [.. Enumerable.Range(0, 50).SelectMany(i => new[] { 2.5f, -2 + 0.08f * i, 0f })];

        var byPoints = ReconstructionMetrics.Compute(groundTruth, mesh, meshSamples: 2000);
        var byScene = ReconstructionMetrics.Compute(groundTruth, mesh, meshSamples: 2000, surfaceDistance: p => room.SurfaceDistance(p.to(float64), [0.0]));

        Assert.True(byPoints.Accuracy > 1.0, $"points: {byPoints.Accuracy}");                    // metres to x = 2.5
        Assert.Equal(0.01, byScene.Accuracy, 1e-6);                                               // the 1 cm offset, exactly
        Assert.Equal(1.0, byScene.AccuracyRatio);
        Assert.Equal(byPoints.Completion, byScene.Completion);                                    // completion keeps the points
    }

    [Fact]
    public void A_sequence_measures_its_scenes_surfaces_from_any_float_points()
    {
        var sequence = new SyntheticSequence(new SyntheticSequenceOptions { FrameCount = 10 });
        using var scope = NewDisposeScope();
        var points = tensor(new[] { 0.5f, 0.3f, 2.2f }).reshape(1, 3);             // 0.5 m below the 2.7 m ceiling
        var distance = sequence.SurfaceDistance(points, sequence.Count);
        Assert.Equal(ScalarType.Float64, distance.dtype);
        Assert.Equal(0.5, distance.item<double>(), 1e-6);
    }
}
