using NiceSlam.Core.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Geometry;

/// <summary>Batched pinhole geometry on tensors (optical frame: x right, y down, z forward). Each function frees
/// its intermediates and hands its results to the caller's dispose scope.</summary>
public static class PinholeCamera
{
    /// <summary>Camera-frame points of every pixel: depth [H, W] (metres) -> [H*W, 3]; invalid depth (0) gives
    /// the point (0, 0, 0).</summary>
    public static Tensor Backproject(Tensor depth, CameraIntrinsics k)
    {
        if (depth.dim() != 2 || depth.shape[0] != k.Height || depth.shape[1] != k.Width)
            throw new ArgumentException($"depth shape [{string.Join(", ", depth.shape)}] does not match intrinsics {k.Width}x{k.Height}");
        using var scope = NewDisposeScope();
        using var s = new HeldScalars();
        var options = (dtype: depth.dtype, device: depth.device);
        var v = arange(HeldScalars.Zero, s.Integer(k.Height), HeldScalars.One, options.dtype, options.device).unsqueeze(1).expand(k.Height, k.Width); // [H, W]
        var u = arange(HeldScalars.Zero, s.Integer(k.Width), HeldScalars.One, options.dtype, options.device).unsqueeze(0).expand(k.Height, k.Width);  // [H, W]
        var x = u.sub(s[k.Cx]).div(s[k.Fx]) * depth;
        var y = v.sub(s[k.Cy]).div(s[k.Fy]) * depth;
        return stack([x, y, depth], dim: -1).reshape(-1, 3).MoveToOuterDisposeScope(); // [H*W, 3]
    }

    /// <summary>Applies a rigid transform to points [N, 3] -> [N, 3].</summary>
    public static Tensor Transform(Tensor points, RigidTransform t)
    {
        using var scope = NewDisposeScope();
        return Rotate(points, t).add(Translation(t, points), HeldScalars.One).MoveToOuterDisposeScope();
    }

    /// <summary>Applies only the rotation of a rigid transform to vectors [N, 3] -> [N, 3].</summary>
    public static Tensor Rotate(Tensor vectors, RigidTransform t)
    {
        using var scope = NewDisposeScope();
        return vectors.matmul(tensor(t.RotationRowMajor(), dtype: vectors.dtype, device: vectors.device).reshape(3, 3).t()).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// World rays through pixels (u, v) [R]: origins [R, 3] (the camera centre) and directions [R, 3] whose
    /// camera-frame z is 1, so a point at ray parameter t has optical depth t.
    /// </summary>
    public static (Tensor Origins, Tensor Directions) PixelRays(Tensor u, Tensor v, CameraIntrinsics k, RigidTransform cameraToWorld)
    {
        using var scope = NewDisposeScope();
        var directions = Rotate(CameraDirections(u, v, k), cameraToWorld);
        return (Translation(cameraToWorld, u).expand(u.shape[0], 3).MoveToOuterDisposeScope(), directions.MoveToOuterDisposeScope());
    }

    /// <summary>Camera-frame directions through pixels (u, v) [R] with z = 1: [R, 3].</summary>
    public static Tensor CameraDirections(Tensor u, Tensor v, CameraIntrinsics k)
    {
        using var scope = NewDisposeScope();
        using var s = new HeldScalars();
        return stack([u.sub(s[k.Cx]).div(s[k.Fx]), v.sub(s[k.Cy]).div(s[k.Fy]), ones_like(u)], -1).MoveToOuterDisposeScope();
    }

    private static Tensor Translation(RigidTransform t, Tensor like) =>
        tensor(new[] { t.Tx, t.Ty, t.Tz }, dtype: like.dtype, device: like.device);

    /// <summary>Projects camera-frame points [N, 3] to pixel coordinates u, v [N] and depth z [N]
    /// (points with z &lt;= 0 get u = v = NaN).</summary>
    public static (Tensor U, Tensor V, Tensor Z) Project(Tensor points, CameraIntrinsics k)
    {
        using var scope = NewDisposeScope();
        using var s = new HeldScalars();
        var z = points[.., 2];
        var safe = where(z > HeldScalars.Zero, z, full_like(z, s[double.NaN]));
        var u = (points[.., 0] / safe).mul(s[k.Fx]).add(s[k.Cx], HeldScalars.One);
        var v = (points[.., 1] / safe).mul(s[k.Fy]).add(s[k.Cy], HeldScalars.One);
        return (u.MoveToOuterDisposeScope(), v.MoveToOuterDisposeScope(), z.MoveToOuterDisposeScope());
    }
}
