using NiceSlam.Core.Compute;
using NiceSlam.Core.Geometry;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Frames;

/// <summary>
/// An RGB-D frame as tensors on the compute device, owned by this object and detached from every dispose scope
/// (keyframes keep them for the whole run; <see cref="Dispose"/> frees them):
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
        using var s = new HeldScalars();                                                          // built on every frame's thread while others allocate
        var depth = tensor(frame.Depth, float32).to(device);                                      // [H*W]
        var color = tensor(frame.Rgb, uint8).to(device).reshape(-1, 3).to(float32).div(s[255]);  // [H*W, 3]
        var clean = depth.nan_to_num(0, 0, 0).clamp_min(s[0]);
        var valid = ValidPixelsOf(clean, frame.Width, frame.Height, ignoreEdge);                 // [V]
        Depth = clean.DetachFromDisposeScope();
        Color = color.DetachFromDisposeScope();
        ValidPixels = valid.DetachFromDisposeScope();
        MaxDepth = ValidPixels.shape[0] == 0 ? 0 : Depth.max().item<float>();
    }

    private FrameTensors(int index, double timestamp, CameraIntrinsics intrinsics, int ignoreEdge, Tensor depth, Tensor color)
    {
        Index = index;
        Timestamp = timestamp;
        Intrinsics = intrinsics;
        IgnoredEdge = ignoreEdge;
        Depth = depth;
        Color = color;
        using var scope = NewDisposeScope();
        ValidPixels = ValidPixelsOf(depth, intrinsics.Width, intrinsics.Height, ignoreEdge).DetachFromDisposeScope();
        MaxDepth = ValidPixels.shape[0] == 0 ? 0 : Depth.max().item<float>();
    }

    /// <summary>
    /// The tensors of a frame from the values another <see cref="FrameTensors"/> held (e.g. a saved keyframe):
    /// depth [H*W] metres (already cleaned: finite, &gt;= 0) and colour [H*W*3] in [0, 1], row-major RGB. The same
    /// values give a bit-identical frame (valid pixels and maximum depth are derived as the constructor does).
    /// </summary>
    public static FrameTensors FromValues(int index, double timestamp, CameraIntrinsics intrinsics, int ignoreEdge,
        float[] depth, float[] color, Device device)
    {
        ArgumentNullException.ThrowIfNull(intrinsics);
        long pixels = (long)intrinsics.Width * intrinsics.Height;
        if (depth.Length != pixels) throw new ArgumentException($"frame {index}: depth needs {pixels} values ({intrinsics.Width}x{intrinsics.Height}), got {depth.Length}");
        if (color.Length != pixels * 3) throw new ArgumentException($"frame {index}: colour needs {pixels * 3} values ({intrinsics.Width}x{intrinsics.Height}x3), got {color.Length}");
        if (ignoreEdge < 0) throw new ArgumentException($"frame {index}: ignored edge must be >= 0, got {ignoreEdge}");
        Tensor depthTensor, colorTensor;
        using (var scope = NewDisposeScope())
        {
            var d = tensor(depth, float32).to(device);                                            // [H*W]
            using var s = new HeldScalars();
            if (!(d.isfinite() & d.ge(s[0])).all().item<bool>())
                throw new ArgumentException($"frame {index}: depth must be finite and >= 0 (0 = none)");
            depthTensor = d.DetachFromDisposeScope();
            colorTensor = tensor(color, float32).to(device).reshape(-1, 3).DetachFromDisposeScope();   // [H*W, 3]
        }
        return new FrameTensors(index, timestamp, intrinsics, ignoreEdge, depthTensor, colorTensor);
    }

    /// <summary>Flat indices [V] of pixels with depth &gt; 0 (depth [H*W]) at least <paramref name="ignoreEdge"/>
    /// pixels away from every border.</summary>
    private static Tensor ValidPixelsOf(Tensor depth, int width, int height, int ignoreEdge)
    {
        var device = depth.device;
        using var s = new HeldScalars();
        var v = arange(HeldScalars.Zero, s.Integer(height), HeldScalars.One, int64, device).unsqueeze(1).expand(height, width).reshape(-1);
        var u = arange(HeldScalars.Zero, s.Integer(width), HeldScalars.One, int64, device).unsqueeze(0).expand(height, width).reshape(-1);
        var inside = u.ge(s[ignoreEdge]) & u.lt(s[width - ignoreEdge]) & v.ge(s[ignoreEdge]) & v.lt(s[height - ignoreEdge]);
        return (depth.gt(s[0]) & inside).nonzero().squeeze(1);                                   // [V]
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
        using var scope = NewDisposeScope();
        var pick = randint(ValidCount, [count], generator: generator).to(ValidPixels.device);
        return ValidPixels.index_select(0, pick).MoveToOuterDisposeScope();
    }

    /// <summary>The measured depth at the nearest pixel of image points (u, v) [N] (NaN allowed, e.g. behind the
    /// camera) and whether each point lies inside the image: ([N], bool [N]); outside points read a clamped pixel.</summary>
    public (Tensor Depth, Tensor InImage) DepthAt(Tensor u, Tensor v)
    {
        using var scope = NewDisposeScope();
        using var s = new HeldScalars();
        var inImage = u.ge(s[0]) & u.le(s[Width - 1]) & v.ge(s[0]) & v.le(s[Height - 1]);      // NaN is false
        var ui = u.nan_to_num(0).round().clamp(s[0], s[Width - 1]).to(int64);
        var vi = v.nan_to_num(0).round().clamp(s[0], s[Height - 1]).to(int64);
        return (Depth.index_select(0, vi.mul(s.Integer(Width)).add(ui, HeldScalars.One)).MoveToOuterDisposeScope(), inImage.MoveToOuterDisposeScope());
    }

    /// <summary>Pixel coordinates (u, v) [R] float32 of flat indices [R].</summary>
    public (Tensor U, Tensor V) PixelCoordinates(Tensor flat)
    {
        using var scope = NewDisposeScope();
        using var s = new HeldScalars();
        return (flat.remainder(s.Integer(Width)).to(float32).MoveToOuterDisposeScope(), flat.div(s.Integer(Width), rounding_mode: RoundingMode.floor).to(float32).MoveToOuterDisposeScope());
    }

    /// <summary>A copy with its own tensors (e.g. for meshing a captured map while the keyframes live on).</summary>
    public FrameTensors Clone() => new(this);

    private FrameTensors(FrameTensors source)
    {
        Index = source.Index;
        Timestamp = source.Timestamp;
        Intrinsics = source.Intrinsics;
        IgnoredEdge = source.IgnoredEdge;
        Depth = source.Depth.clone().DetachFromDisposeScope();
        Color = source.Color.clone().DetachFromDisposeScope();
        ValidPixels = source.ValidPixels.clone().DetachFromDisposeScope();
        MaxDepth = source.MaxDepth;
    }

    public void Dispose()
    {
        Depth.Dispose();
        Color.Dispose();
        ValidPixels.Dispose();
    }
}
