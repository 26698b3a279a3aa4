using NiceSlam.Core.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Tracking;

/// <summary>
/// Surface normals of a vertex map by central differences (KinectFusion's normal map): n = (V(u+1) − V(u−1)) ×
/// (V(v+1) − V(v−1)), normalised and turned towards the camera. A normal is defined where the pixel and its four
/// neighbours have depth and the neighbours lie within <c>maxJump</c> x depth of the pixel along both axes (no
/// normal across an occlusion edge). Allocates in the caller's dispose scope.
/// </summary>
internal static class SurfaceNormals
{
    /// <summary>Normals [H, W, 3] (zero where undefined) and where they are defined, bool [H, W].</summary>
    /// <param name="points">camera-frame points [H, W, 3] (any value where <paramref name="depth"/> is 0).</param>
    /// <param name="depth">[H, W] metres, 0 = none.</param>
    /// <param name="maxJump">largest relative depth step between the two neighbours on either axis.</param>
    public static (Tensor Normals, Tensor Valid) Compute(Tensor points, Tensor depth, double maxJump)
    {
        long h = depth.shape[0], w = depth.shape[1];
        if (h < 3 || w < 3) return (zeros_like(points), zeros_like(depth, dtype: ScalarType.Bool));
        using var s = new HeldScalars();
        var valid = depth.gt(s[0]);
        var dx = points[1..^1, 2..] - points[1..^1, ..^2];                                           // [H-2, W-2, 3]
        var dy = points[2.., 1..^1] - points[..^2, 1..^1];                                           // [H-2, W-2, 3]
        var n = linalg.cross(dx, dy);                                                                // [H-2, W-2, 3]
        var length = n.norm(-1, keepdim: true);                                                      // [H-2, W-2, 1]
        var limit = depth[1..^1, 1..^1].mul(s[maxJump]);                                             // [H-2, W-2]
        var ok = valid[1..^1, 1..^1] & valid[1..^1, 2..] & valid[1..^1, ..^2] & valid[2.., 1..^1] & valid[..^2, 1..^1]
            & (depth[1..^1, 2..] - depth[1..^1, ..^2]).abs().lt(limit)
            & (depth[2.., 1..^1] - depth[..^2, 1..^1]).abs().lt(limit)
            & length.squeeze(-1).gt(s[0]);
        n = n / length.clamp_min(s[1e-12]);
        // Towards the camera: n · p < 0.
        var facing = (n * points[1..^1, 1..^1]).sum(-1, keepdim: true);                              // [H-2, W-2, 1]
        n = where(facing.gt(s[0]), n.neg(), n) * ok.unsqueeze(-1);
        var normals = nn.functional.pad(n.permute(2, 0, 1), [1, 1, 1, 1]).permute(1, 2, 0);         // [H, W, 3]
        var defined = nn.functional.pad(ok.unsqueeze(0), [1, 1, 1, 1]).squeeze(0);                   // [H, W]
        return (normals, defined);
    }
}
