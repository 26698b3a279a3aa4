using NiceSlam.Core.Geometry;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Frames;

/// <summary>
/// An RGB-D frame as tensors on the compute device, kept alive outside dispose scopes (keyframes hold them):
/// depth [H*W] metres (0 = none), colour [H*W, 3] in [0, 1], and the flat indices of pixels with valid depth
/// inside the image minus <see cref="IgnoredEdge"/> pixels at each border.
/// </summary>
public sealed class FrameTensors : IDisposable
{
    public FrameTensors(RgbdFrame frame, Device device, int ignoreEdge = 0)
    {
        Index = frame.Index;
        Timestamp = frame.Timestamp;
        Intrinsics = frame.Intrinsics;
        IgnoredEdge = ignoreEdge;
        using var scope = NewDisposeScope();
        var depth = tensor(frame.Depth, float32).to(device);                                      // [H*W]
        var color = tensor(frame.Rgb, uint8).to(device).reshape(-1, 3).to(float32) / 255f;      // [H*W, 3]
        var clean = depth.nan_to_num(0, 0, 0).clamp_min(0);
        var v = arange(frame.Height, int64, device).unsqueeze(1).expand(frame.Height, frame.Width).reshape(-1);
        var u = arange(frame.Width, int64, device).unsqueeze(0).expand(frame.Height, frame.Width).reshape(-1);
        var inside = (u >= ignoreEdge) & (u < frame.Width - ignoreEdge) & (v >= ignoreEdge) & (v < frame.Height - ignoreEdge);
        var valid = ((clean > 0) & inside).nonzero().squeeze(1);                                  // [V]
        Depth = clean.MoveToOuterDisposeScope();
        Color = color.MoveToOuterDisposeScope();
        ValidPixels = valid.MoveToOuterDisposeScope();
        MaxDepth = ValidPixels.shape[0] == 0 ? 0 : Depth.max().item<float>();
    }

    public int Index { get; }
    public double Timestamp { get; }
    public CameraIntrinsics Intrinsics { get; }
    public int IgnoredEdge { get; }
    public int Width => Intrinsics.Width;
    public int Height => Intrinsics.Height;

    /// <summary>[H*W] metres, NaN and negative values replaced by 0 (no measurement).</summary>
    public Tensor Depth { get; }

    /// <summary>[H*W, 3] in [0, 1].</summary>
    public Tensor Color { get; }

    /// <summary>[V] flat indices (v * W + u) with depth &gt; 0 away from the ignored edge.</summary>
    public Tensor ValidPixels { get; }

    public long ValidCount => ValidPixels.shape[0];

    public float MaxDepth { get; }

    /// <summary>Random pixels with valid depth: flat indices [count] (with replacement, from the generator).</summary>
    public Tensor SamplePixels(int count, Generator generator)
    {
        if (ValidCount == 0) throw new InvalidOperationException($"frame {Index} has no valid depth to sample");
        var pick = randint(ValidCount, [count], generator: generator).to(ValidPixels.device);
        return ValidPixels.index_select(0, pick);
    }

    /// <summary>The measured depth at the nearest pixel of image points (u, v) [N] (NaN allowed, e.g. behind the
    /// camera) and whether each point lies inside the image: ([N], bool [N]); outside points read a clamped pixel.</summary>
    public (Tensor Depth, Tensor InImage) DepthAt(Tensor u, Tensor v)
    {
        var inImage = (u >= 0) & (u <= Width - 1) & (v >= 0) & (v <= Height - 1);              // NaN is false
        var ui = u.nan_to_num(0).round().clamp(0, Width - 1).to(int64);
        var vi = v.nan_to_num(0).round().clamp(0, Height - 1).to(int64);
        return (Depth.index_select(0, vi * Width + ui), inImage);
    }

    /// <summary>Pixel coordinates (u, v) [R] float32 of flat indices [R].</summary>
    public (Tensor U, Tensor V) PixelCoordinates(Tensor flat) =>
        ((flat % Width).to(float32), flat.div(Width, rounding_mode: RoundingMode.floor).to(float32));

    /// <summary>A copy with its own tensors (e.g. for meshing a captured map while the keyframes live on).</summary>
    public FrameTensors Clone() => new(this);

    private FrameTensors(FrameTensors source)
    {
        Index = source.Index;
        Timestamp = source.Timestamp;
        Intrinsics = source.Intrinsics;
        IgnoredEdge = source.IgnoredEdge;
        Depth = source.Depth.clone();
        Color = source.Color.clone();
        ValidPixels = source.ValidPixels.clone();
        MaxDepth = source.MaxDepth;
    }

    public void Dispose()
    {
        Depth.Dispose();
        Color.Dispose();
        ValidPixels.Dispose();
    }
}
