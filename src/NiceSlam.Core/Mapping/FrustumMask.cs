using NiceSlam.Core.Compute;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Map;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Mapping;

/// <summary>
/// The grid vertices a mapping call may change (the reference optimises only these): vertices that project into
/// the current frame at a depth 0 &lt;= z &lt;= measured depth + margin, or lie within the margin of the camera.
/// </summary>
internal static class FrustumMask
{
    /// <summary>World positions of a grid's vertices: [Z*Y*X, 3] (x fastest, matching the grid's memory order).</summary>
    public static Tensor VertexPositions(FeatureGrid grid)
    {
        using var scope = NewDisposeScope();
        long nz = grid.Values.shape[2], ny = grid.Values.shape[3], nx = grid.Values.shape[4];
        var b = grid.Bounds;
        var device = grid.Values.device;
        var z = linspace(b.MinZ, b.MaxZ, nz, float32, device).reshape(nz, 1, 1).expand(nz, ny, nx);
        var y = linspace(b.MinY, b.MaxY, ny, float32, device).reshape(1, ny, 1).expand(nz, ny, nx);
        var x = linspace(b.MinX, b.MaxX, nx, float32, device).reshape(1, 1, nx).expand(nz, ny, nx);
        return stack([x, y, z], -1).reshape(-1, 3).MoveToOuterDisposeScope();
    }

    /// <summary>Mask [1, 1, Z, Y, X] (float 0/1, broadcastable over the grid's channels).</summary>
    public static Tensor Compute(FeatureGrid grid, FrameTensors frame, RigidTransform cameraToWorld, double margin)
    {
        using var scope = NewDisposeScope();
        var world = VertexPositions(grid);                                                       // [V, 3]
        var camera = PinholeCamera.Transform(world, cameraToWorld.Inverse());
        var (u, v, z) = PinholeCamera.Project(camera, frame.Intrinsics);
        var (measured, inImage) = frame.DepthAt(u, v);                                            // [V]
        using var s = new HeldScalars();
        var inFrustum = inImage & (z >= HeldScalars.Zero) & (z <= measured.add(s[margin], HeldScalars.One)) & (measured > HeldScalars.Zero);
        var nearCamera = camera.norm(dim: 1) <= s[margin];
        var mask = (inFrustum | nearCamera).to(float32).reshape(1, 1, grid.Values.shape[2], grid.Values.shape[3], grid.Values.shape[4]);
        return mask.MoveToOuterDisposeScope();
    }
}
