using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Map;
using NiceSlam.Core.Mapping;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Tests.Mapping;

public class FrustumAndOverlapTests
{
    private static readonly CameraIntrinsics K = new(40, 30, 30, 30, 19.5, 14.5);

    private static RgbdFrame Wall(int index, float distance) =>
        new(index, index, new byte[40 * 30 * 3], Enumerable.Repeat(distance, 40 * 30).ToArray(), K);

    [Fact]
    public void Only_vertices_between_the_camera_and_half_a_metre_behind_the_surface_are_in_the_frustum()
    {
        using var grid = FeatureGrid.Create(new Bounds3(-2, -2, -2, 2, 2, 6), 0.25, 1, 0.01, new Generator(1));
        using var frame = new FrameTensors(Wall(0, 2f), CPU);
        using var scope = NewDisposeScope();
        var mask = FrustumMask.Compute(grid, frame, RigidTransform.Identity, 0.5).reshape(-1);
        var points = FrustumMask.VertexPositions(grid);
        bool At(double x, double y, double z)
        {
            var d = (points - tensor(new[] { (float)x, (float)y, (float)z })).norm(dim: 1);
            return mask[d.argmin()].item<float>() > 0;
        }
        Assert.True(At(0, 0, 1));          // in front of the wall
        Assert.True(At(0, 0, 2.4));        // within 0.5 m behind it
        Assert.False(At(0, 0, 3.5));       // far behind it
        Assert.False(At(0, 0, -1.5));      // behind the camera
        Assert.True(At(0, 0, -0.25));      // within 0.5 m of the camera
        Assert.False(At(1.9, 0, 0.6));     // outside the field of view (x/z > 0.65)
    }

    [Fact]
    public void Overlap_is_high_for_the_same_view_and_zero_for_a_camera_looking_away()
    {
        using var store = new KeyframeStore();
        store.Add(new Keyframe(new FrameTensors(Wall(0, 2f), CPU), RigidTransform.Identity));
        store.Add(new Keyframe(new FrameTensors(Wall(1, 2f), CPU), RigidTransform.FromAxisAngle(0, 1, 0, Math.PI)));
        using var current = new FrameTensors(Wall(2, 2f), CPU);
        using var generator = new Generator(3);
        var overlap = store.Overlap(current, RigidTransform.Identity, 100, 16, 2, generator);
        Assert.True(overlap[0] > 0.7, $"same view overlap {overlap[0]}");
        Assert.Equal(0, overlap[1]);
        var chosen = store.SelectOverlapping(current, RigidTransform.Identity, 3, 100, 16, 2, generator, new Random(1));
        Assert.Equal([0], chosen.Select(c => c.FrameIndex));
        Assert.Throws<ArgumentException>(() => store.Add(new Keyframe(new FrameTensors(Wall(1, 2f), CPU), RigidTransform.Identity)));
    }
}
