using NiceSlam.Core.Decoders;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Map;
using NiceSlam.Core.Rendering;
using NiceSlam.Core.Slam;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Tests.Rendering;

/// <summary>
/// Renders of whole views work chunk by chunk; each chunk's intermediates must go before the next chunk, or a view
/// holds every chunk's activations at once (the cause of multi-GB peaks: 10 chunks x 0.4 GB per keyframe view with
/// the reference's 48 samples). Checked by what stays in the caller's dispose scope: the results only.
/// </summary>
public class ScopedMemoryTests
{
    [Fact]
    public void Rendering_a_view_leaves_only_its_results_in_the_callers_scope()
    {
        var k = new CameraIntrinsics(80, 60, 60, 60, 39.5, 29.5);
        var depth = Enumerable.Repeat(1.5f, 80 * 60).ToArray();                          // 4800 pixels: 5 chunks of 1024 rays
        using var frame = new FrameTensors(new RgbdFrame(0, 0, new byte[80 * 60 * 3], depth, k), CPU);
        using var map = HierarchicalMap.Create(new Bounds3(-1.5, -1.5, -0.5, 1.5, 1.5, 2.5), SlamPresets.Cpu(), new NiceDecoders(new Generator(1)), new Generator(2));
        foreach (bool fused in new[] { true, false })
        {
            using var scope = NewDisposeScope();
            var view = FrameRenderer.Render(map, frame, RigidTransform.Identity, new RaySampling(8, 4), stride: 1, fused);
            Assert.Equal(4800, view.Depth.shape[0]);
            Assert.True(scope.DisposablesCount <= 3, $"{scope.DisposablesCount} tensors left in the caller's scope (fused {fused})");
        }
    }
}
