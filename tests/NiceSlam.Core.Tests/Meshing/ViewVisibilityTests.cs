using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Meshing;
using static TorchSharp.torch;

namespace NiceSlam.Core.Tests.Meshing;

public class ViewVisibilityTests
{
    [Fact]
    public void A_point_is_seen_in_front_of_the_measured_depth_or_within_the_margin_behind_it()
    {
        // 4 x 4 pixels, f = 2, c = 1.5, depth 2 m everywhere except pixel (u 0, v 0), which has none. The camera sits
        // at world (0, 0, -1) looking along +z, so world z = camera depth - 1.
        var k = new CameraIntrinsics(4, 4, 2, 2, 1.5, 1.5);
        var depth = Enumerable.Repeat(2f, 16).ToArray();
        depth[0] = 0;
        using var frame = new FrameTensors(new RgbdFrame(0, 0, new byte[48], depth, k), CPU);
        var view = new CullingView(frame, new RigidTransform([1, 0, 0, 0, 1, 0, 0, 0, 1], 0, 0, -1));
        using var scope = NewDisposeScope();
        var points = tensor(new float[]
        {
            0, 0, 0.5f,      // depth 1.5 in front of the 2 m surface: seen
            0, 0, 1.2f,      // depth 2.2, 0.2 behind it, margin 0.25: seen
            0, 0, 1.3f,      // depth 2.3, 0.3 behind: not seen
            0, 0, -2f,       // behind the camera: not seen
            5, 0, 1f,        // u = 5 / 2 * 2 + 1.5 = 6.5 > 3: outside the image
            -0.9f, -0.9f, 0.5f, // u = v = -0.9 / 1.5 * 2 + 1.5 = 0.3 -> pixel (0, 0), which has no depth
        }).reshape(-1, 3);

        var seen = ViewVisibility.Seen(points, [view], 0.25).data<bool>().ToArray();

        Assert.Equal([true, true, false, false, false, false], seen);
        Assert.All(ViewVisibility.Seen(points, [], 0.25).data<bool>().ToArray(), Assert.False);

        // However many views, only the result stays in the caller's scope (each view's projections go with it).
        int before = scope.DisposablesCount;
        var many = ViewVisibility.Seen(points, Enumerable.Repeat(view, 20).ToList(), 0.25);
        Assert.Equal(before + 1, scope.DisposablesCount);
        Assert.Equal(seen, many.data<bool>().ToArray());
    }
}
