using NiceSlam.Core.Compute;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Tracking;

/// <summary>
/// An RGB-D image pyramid, level 0 the frame itself, each further level half the size: intensity by a binomial
/// low-pass then every second pixel (like pyrDown), depth by 2 x 2 blocks averaged over their valid pixels and dropped
/// where the block spans a depth edge (never blending foreground and background). Intrinsics follow the pixel
/// centres: f / 2, (c + 0.5) / 2 − 0.5. Levels stop at <see cref="MinimumWidth"/> x <see cref="MinimumHeight"/> pixels
/// (coarser ones hold too few points to constrain a pose). Owns its levels.
/// </summary>
public sealed class RgbdPyramid : IDisposable
{
    /// <summary>Largest depth spread within a 2 x 2 block, relative to its mean depth, still averaged.</summary>
    public const double BlockDepthSpread = 0.05;

    /// <summary>No level is made smaller than this (a 40 x 30 level of a 160 x 120 frame is the usual coarsest).</summary>
    public const int MinimumWidth = 16, MinimumHeight = 12;

    private readonly PyramidLevel[] levels;

    public RgbdPyramid(FrameTensors frame, int levelCount)
        : this(frame.Depth.reshape(frame.Height, frame.Width), frame.Color.reshape(frame.Height, frame.Width, 3), frame.Intrinsics, levelCount)
    {
    }

    /// <param name="depth">[H, W] metres, 0 = none.</param>
    /// <param name="color">[H, W, 3] RGB in [0, 1].</param>
    public RgbdPyramid(Tensor depth, Tensor color, CameraIntrinsics intrinsics, int levelCount)
    {
        if (levelCount < 1) throw new ArgumentOutOfRangeException(nameof(levelCount), "a pyramid needs at least one level");
        if (intrinsics.HasDistortion) throw new ArgumentException("odometry needs undistorted images");
        var list = new List<PyramidLevel>();
        using (var scope = NewDisposeScope())
        using (var s = new HeldScalars())
        {
            var d = depth.to(float32);
            var grey = color.to(float32).matmul(tensor(new[] { 0.299f, 0.587f, 0.114f }, device: color.device)); // [H, W]
            var k = intrinsics;
            for (int level = 0; level < levelCount; level++)
            {
                if (level > 0)
                {
                    if (k.Width / 2 < MinimumWidth || k.Height / 2 < MinimumHeight) break;   // too coarse to hold geometry
                    int w = k.Width / 2, h = k.Height / 2;
                    k = new CameraIntrinsics(w, h, k.Fx / 2, k.Fy / 2, (k.Cx + 0.5) / 2 - 0.5, (k.Cy + 0.5) / 2 - 0.5);
                    d = DownsampleDepth(d, h, w, s);
                    grey = DownsampleIntensity(grey, h, w, s);
                }
                list.Add(new PyramidLevel(d, grey, k));
            }
        }
        levels = [.. list];
    }

    public int Count => levels.Length;

    /// <summary>The camera's motion during the frame's readout that its reference images are corrected for
    /// (<see cref="ReadoutMotion.None"/> until <see cref="Unroll"/>).</summary>
    public ReadoutMotion Readout => levels[0].Readout;

    /// <summary>Corrects every level's reference images for a rolling shutter's motion
    /// (<see cref="PyramidLevel.Unroll"/>). Once only.</summary>
    public void Unroll(ReadoutMotion motion)
    {
        foreach (var level in levels) level.Unroll(motion);
    }

    /// <summary>Level <paramref name="level"/> (0 = full size).</summary>
    public PyramidLevel this[int level] => levels[level];

    /// <summary>2 x 2 blocks [H, W] -> [h, w]: the mean of the block's valid depths, 0 where none is valid or the
    /// valid ones spread more than <see cref="BlockDepthSpread"/> of their mean.</summary>
    public static Tensor DownsampleDepth(Tensor depth, int h, int w, HeldScalars s)
    {
        var blocks = depth[..(2 * h), ..(2 * w)].reshape(h, 2, w, 2).permute(0, 2, 1, 3).reshape(h, w, 4); // [h, w, 4]
        var valid = blocks.gt(s[0]);
        var count = valid.sum(-1);                                                                   // [h, w]
        var mean = blocks.sum(-1) / count.clamp_min(s[1]);
        var high = blocks.max(-1).values;
        var low = where(valid, blocks, full_like(blocks, s[double.PositiveInfinity])).min(-1).values;
        return where(count.gt(s[0]) & (high - low).le(mean.mul(s[BlockDepthSpread])), mean, zeros_like(mean));
    }

    /// <summary>Binomial low-pass [1 3 3 1] / 8 per axis (replicated border) centred between each 2 x 2 block's
    /// pixels, so the result sits where the depth blocks do: [H, W] -> [h, w].</summary>
    public static Tensor DownsampleIntensity(Tensor image, int h, int w, HeldScalars s)
    {
        var taps = tensor(new[] { 1f, 3f, 3f, 1f }, image.dtype, image.device).div(s[8]);
        var x = nn.functional.pad(image.unsqueeze(0).unsqueeze(0), [1, 2, 1, 2], PaddingModes.Replicate); // [1, 1, H+3, W+3]
        x = nn.functional.conv2d(x, taps.reshape(1, 1, 1, 4));
        x = nn.functional.conv2d(x, taps.reshape(1, 1, 4, 1));                                      // [1, 1, H, W]
        return x[0, 0, TensorIndex.Slice(0, 2 * h, 2), TensorIndex.Slice(0, 2 * w, 2)].contiguous(); // [h, w]
    }

    public void Dispose()
    {
        foreach (var level in levels) level.Dispose();
    }
}
