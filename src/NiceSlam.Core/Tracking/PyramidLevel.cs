using NiceSlam.Core.Compute;
using NiceSlam.Core.Geometry;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Tracking;

/// <summary>
/// One level of an RGB-D image pyramid, prepared for both roles a frame plays in dense odometry: as the reference,
/// images that projected points read (geometry nearest, photometry bilinear), and as the moving frame, its pixels
/// with depth as a compact point list. Owns its tensors.
/// </summary>
public sealed class PyramidLevel : IDisposable
{
    /// <summary>Relative depth step between neighbours above which no normal is computed (an occlusion edge).</summary>
    public const double NormalDepthJump = 0.1;

    /// <param name="depth">[H, W] metres, 0 = none.</param>
    /// <param name="intensity">[H, W] grey level in [0, 1].</param>
    /// <param name="intrinsics">the camera at this level's size.</param>
    public PyramidLevel(Tensor depth, Tensor intensity, CameraIntrinsics intrinsics)
    {
        Intrinsics = intrinsics;
        using var scope = NewDisposeScope();
        using var s = new HeldScalars();
        var points = Backproject(depth, intrinsics, s);                                                          // [H, W, 3]
        var (normals, normalValid) = SurfaceNormals.Compute(points, depth, NormalDepthJump);                     // [H, W, 3], [H, W]
        var gradients = ImageGradients(intensity, s);                                                           // [2, H, W]
        var focal = tensor(new[] { (float)intrinsics.Fx, (float)intrinsics.Fy }, [2, 1, 1], intensity.dtype, intensity.device);
        // Reference images: x y z nx ny nz valid (nearest lookup) and I, fx dI/du, fy dI/dv (bilinear lookup).
        Geometry = cat([points.permute(2, 0, 1), normals.permute(2, 0, 1), normalValid.unsqueeze(0).to(float32)], 0)
            .unsqueeze(0).contiguous().DetachFromDisposeScope();                                            // [1, 7, H, W]
        Photometry = cat([intensity.unsqueeze(0), gradients * focal], 0).unsqueeze(0).contiguous().DetachFromDisposeScope(); // [1, 3, H, W]
        // The moving frame: every pixel with depth, one column per point (rows x y z nx ny nz 1: a pose and a
        // projection act on it as one matrix product), and the row position ρ of each in the readout (a rolling
        // shutter's motion acts on the columns scaled by it: see ReadoutMotion).
        var flat = depth.gt(s[0]).reshape(-1).nonzero().squeeze(1);                                        // [N]
        Moving = cat([points.reshape(-1, 3), normals.reshape(-1, 3), ones(depth.shape[0] * depth.shape[1], 1, depth.dtype, depth.device)], 1)
            .index_select(0, flat).t().contiguous().DetachFromDisposeScope();                               // [7, N]
        MovingRows = RowPositions(intrinsics.Height, depth.device, s).expand(-1, intrinsics.Width).reshape(-1)
            .index_select(0, flat).contiguous().DetachFromDisposeScope();                                   // [N] ρ
        Intensity = intensity.reshape(-1).index_select(0, flat).contiguous().DetachFromDisposeScope(); // [N]
        Depth = depth.contiguous().DetachFromDisposeScope();
        ValidCount = flat.shape[0];
        MedianDepth = ValidCount == 0 ? 0 : Moving[2].median().item<float>();
    }

    public CameraIntrinsics Intrinsics { get; }
    public int Width => Intrinsics.Width;
    public int Height => Intrinsics.Height;

    /// <summary>[1, 7, H, W]: camera-frame point, normal towards the camera, 1 where both are defined.</summary>
    public Tensor Geometry { get; }

    /// <summary>[1, 3, H, W]: intensity and its derivatives along u and v (Sobel / 8, per pixel) times fx and fy
    /// (per unit of x/z and y/z).</summary>
    public Tensor Photometry { get; }

    /// <summary>[H, W] metres, 0 = none.</summary>
    public Tensor Depth { get; }

    /// <summary>[7, N] the pixels with depth as columns: camera-frame point (rows 0-2), normal (rows 3-5, zero where
    /// undefined), 1 (row 6).</summary>
    public Tensor Moving { get; }

    /// <summary>[N] the row position ρ in the readout of each <see cref="Moving"/> column
    /// (<see cref="ReadoutMotion.RowPosition"/>).</summary>
    public Tensor MovingRows { get; }

    /// <summary>The camera's motion during this frame's readout that <see cref="Geometry"/> has been corrected for
    /// (<see cref="ReadoutMotion.None"/> until <see cref="Unroll"/>).</summary>
    public ReadoutMotion Readout { get; private set; }

    /// <summary>
    /// Moves the reference points and normals (<see cref="Geometry"/>) from the cameras of the rows that saw them into
    /// the middle row's camera, for a frame read out while the camera moved by <paramref name="motion"/>: p + ρ (θ × p
    /// + u), n + ρ θ × n. Their pixels stay where they are: an odometry looking a point up in this frame projects it
    /// into the row that saw it (<see cref="HybridResiduals"/>). Once only.
    /// </summary>
    public void Unroll(ReadoutMotion motion)
    {
        if (!Readout.IsNone) throw new InvalidOperationException("the level was unrolled already");
        if (motion.IsNone) return;
        using var scope = NewDisposeScope();
        using var s = new HeldScalars();
        var device = Geometry.device;
        int h = Height, w = Width;
        var rate = tensor(motion.RotationRate(), [3, 3], float64, device).to(float32);                      // [3, 3] [θ]×
        var u = tensor(motion.Translation(), [3, 1], float64, device).to(float32);                          // [3, 1]
        var rho = RowPositions(h, device, s).reshape(1, h, 1);                                               // [1, H, 1]
        var valid = Depth.gt(s[0]).unsqueeze(0);                                                            // [1, H, W]
        var g = Geometry[0];                                                                                 // [7, H, W] a view
        var points = g[..3].reshape(3, -1);
        var normals = g[3..6].reshape(3, -1);
        var pointShift = rate.matmul(points).add(u, HeldScalars.One).reshape(3, h, w) * rho * valid;  // [3, H, W]
        var normalShift = rate.matmul(normals).reshape(3, h, w) * rho;                           // [3, H, W]
        g[..3].add_(pointShift, HeldScalars.One);
        g[3..6].add_(normalShift, HeldScalars.One);
        Readout = motion;
    }

    /// <summary>ρ of each row, [H, 1] (<see cref="ReadoutMotion.RowPosition"/>).</summary>
    private static Tensor RowPositions(int height, Device device, HeldScalars s) =>
        arange(HeldScalars.Zero, s.Integer(height), HeldScalars.One, float32, device).add(s[0.5], HeldScalars.One).div(s[height]).sub(s[0.5]).unsqueeze(1);

    /// <summary>[N] their intensities.</summary>
    public Tensor Intensity { get; }

    /// <summary>Pixels with depth (N).</summary>
    public long ValidCount { get; }

    /// <summary>Median depth of those pixels, metres (0 when none).</summary>
    public double MedianDepth { get; }

    /// <summary>Camera-frame points [H, W, 3] of depth [H, W] (zero where there is none).</summary>
    private static Tensor Backproject(Tensor depth, CameraIntrinsics k, HeldScalars s)
    {
        var u = arange(HeldScalars.Zero, s.Integer(k.Width), HeldScalars.One, depth.dtype, depth.device).sub(s[k.Cx]).div(s[k.Fx]).unsqueeze(0);   // [1, W]
        var v = arange(HeldScalars.Zero, s.Integer(k.Height), HeldScalars.One, depth.dtype, depth.device).sub(s[k.Cy]).div(s[k.Fy]).unsqueeze(1);  // [H, 1]
        return stack([u * depth, v * depth, depth], -1);                                              // [H, W, 3]
    }

    /// <summary>Sobel derivatives / 8 of an image [H, W] (replicated border): [2, H, W] (d/du, d/dv).</summary>
    public static Tensor ImageGradients(Tensor image, HeldScalars s)
    {
        var padded = nn.functional.pad(image.unsqueeze(0).unsqueeze(0), [1, 1, 1, 1], PaddingModes.Replicate); // [1, 1, H+2, W+2]
        var kernel = tensor(new float[]
        {
            -1, 0, 1, -2, 0, 2, -1, 0, 1,
            -1, -2, -1, 0, 0, 0, 1, 2, 1,
        }, [2, 1, 3, 3], image.dtype, image.device).div(s[8]);
        return nn.functional.conv2d(padded, kernel).squeeze(0);                                     // [2, H, W]
    }

    public void Dispose()
    {
        Geometry.Dispose();
        Photometry.Dispose();
        Depth.Dispose();
        Moving.Dispose();
        MovingRows.Dispose();
        Intensity.Dispose();
    }
}
