using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Geometry;

/// <summary>Batched pinhole geometry on tensors (optical frame: x right, y down, z forward).
/// All functions allocate in the caller's dispose scope.</summary>
public static class PinholeCamera
{
    /// <summary>Camera-frame points of every pixel: depth [H, W] (metres) -> [H*W, 3]; invalid depth (0) gives
    /// the point (0, 0, 0).</summary>
    public static Tensor Backproject(Tensor depth, CameraIntrinsics k)
    {
        if (depth.dim() != 2 || depth.shape[0] != k.Height || depth.shape[1] != k.Width)
            throw new ArgumentException($"depth shape [{string.Join(", ", depth.shape)}] does not match intrinsics {k.Width}x{k.Height}");
        var options = (dtype: depth.dtype, device: depth.device);
        var v = arange(k.Height, options.dtype, options.device).unsqueeze(1).expand(k.Height, k.Width); // [H, W]
        var u = arange(k.Width, options.dtype, options.device).unsqueeze(0).expand(k.Height, k.Width);  // [H, W]
        var x = (u - k.Cx) / k.Fx * depth;
        var y = (v - k.Cy) / k.Fy * depth;
        return stack([x, y, depth], dim: -1).reshape(-1, 3); // [H*W, 3]
    }

    /// <summary>Applies a rigid transform to points [N, 3] -> [N, 3].</summary>
    public static Tensor Transform(Tensor points, RigidTransform t)
    {
        var r = tensor(t.RotationRowMajor(), dtype: points.dtype, device: points.device).reshape(3, 3);
        var tr = tensor(new[] { t.Tx, t.Ty, t.Tz }, dtype: points.dtype, device: points.device);
        return points.matmul(r.t()) + tr;
    }

    /// <summary>Projects camera-frame points [N, 3] to pixel coordinates u, v [N] and depth z [N]
    /// (points with z &lt;= 0 get u = v = NaN).</summary>
    public static (Tensor U, Tensor V, Tensor Z) Project(Tensor points, CameraIntrinsics k)
    {
        var z = points[.., 2];
        var safe = where(z > 0, z, full_like(z, double.NaN));
        var u = points[.., 0] / safe * k.Fx + k.Cx;
        var v = points[.., 1] / safe * k.Fy + k.Cy;
        return (u, v, z);
    }
}
