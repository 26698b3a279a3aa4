using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;

namespace NiceSlam.Core.Tests;

public class RgbdFrameTests
{
    private static readonly CameraIntrinsics K = new(4, 3, 5, 5, 2, 1.5);

    [Fact]
    public void Mismatched_buffers_are_rejected_with_sizes_in_the_message()
    {
        var ex = Assert.Throws<ArgumentException>(() => new RgbdFrame(0, 0, new byte[4 * 3 * 3], new float[5], K));
        Assert.Contains("4x3", ex.Message);
        Assert.Throws<ArgumentException>(() => new RgbdFrame(0, 0, new byte[10], new float[12], K));
        Assert.Throws<ArgumentException>(() => new RgbdFrame(0, double.NaN, new byte[36], new float[12], K));
    }

    [Fact]
    public void Valid_depth_count_ignores_zeros_nan_and_infinity()
    {
        var depth = new float[12];
        depth[3] = 1.5f;
        depth[7] = 0.2f;
        depth[8] = float.NaN;
        depth[9] = float.PositiveInfinity;
        Assert.Equal(2, new RgbdFrame(0, 0, new byte[36], depth, K).ValidDepthCount());
    }
}
