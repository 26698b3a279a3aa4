using NiceSlam.Core.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Geometry;

/// <summary>
/// A camera-to-world pose as optimisable tensors, the reference's parametrisation: quaternion [4] (w, x, y, z;
/// normalised when used) and translation [3]. Owns its two parameters, detached from every dispose scope.
/// </summary>
internal sealed class PoseTensor : IDisposable
{
    public PoseTensor(RigidTransform pose, Device device, bool requiresGrad)
    {
        var (x, y, z, w) = pose.ToQuaternion();
        using var scope = NewDisposeScope();
        Quaternion = nn.Parameter(tensor(new[] { (float)w, (float)x, (float)y, (float)z }, float32).to(device), requiresGrad);
        Translation = nn.Parameter(tensor(new[] { (float)pose.Tx, (float)pose.Ty, (float)pose.Tz }, float32).to(device), requiresGrad);
        Quaternion.DetachFromDisposeScope();
        Translation.DetachFromDisposeScope();
    }

    /// <summary>[4] w, x, y, z.</summary>
    public TorchSharp.Modules.Parameter Quaternion { get; }

    /// <summary>[3].</summary>
    public TorchSharp.Modules.Parameter Translation { get; }

    /// <summary>Rotation matrix [3, 3] of the normalised quaternion (differentiable).</summary>
    public Tensor Rotation() => RotationOf(Quaternion);

    /// <summary>Rotation matrix [3, 3] of a quaternion [4] (w, x, y, z), normalised first:
    /// R = (w² − v·v) I + 2 v vᵀ + 2 w [v]ₓ with v = (x, y, z), in a dozen tensor operations (the tracker builds it, and
    /// differentiates through it, every iteration).</summary>
    public static Tensor RotationOf(Tensor quaternion)
    {
        using var scope = NewDisposeScope();
        var q = quaternion / quaternion.norm();
        var w = q.narrow(0, 0, 1);                                                                 // [1]
        var v = q.narrow(0, 1, 3);                                                                 // [3]
        var identity = eye(3, dtype: q.dtype, device: q.device);
        var skew = linalg.cross(v.expand(3, 3), identity, dim: 1).t();                            // [v]ₓ: row i of the cross is column i of [v]ₓ
        // identity (w² − v·v) + 2 v vᵀ + 2 w [v]ₓ, with held scalars (square() and + would make temporary ones)
        return (identity * (w.pow(HeldScalars.Two) - v.dot(v)))
            .add(outer(v, v).mul(HeldScalars.Two), HeldScalars.One)
            .add(w.mul(HeldScalars.Two) * skew, HeldScalars.One).MoveToOuterDisposeScope();
    }

    /// <summary>The current value as a <see cref="RigidTransform"/> (double, re-orthonormalised).</summary>
    public RigidTransform ToRigid()
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var q = Quaternion.to(float64).cpu().data<double>().ToArray();
        var t = Translation.to(float64).cpu().data<double>().ToArray();
        return RigidTransform.FromQuaternion(q[1], q[2], q[3], q[0], t[0], t[1], t[2]);
    }

    /// <summary>World rays through pixels (u, v) [R] (see <see cref="PinholeCamera.PixelRays(Tensor, Tensor, CameraIntrinsics, RigidTransform)"/>),
    /// differentiable in this pose: origins [R, 3], directions [R, 3] with camera-frame z = 1.</summary>
    public (Tensor Origins, Tensor Directions) PixelRays(Tensor u, Tensor v, CameraIntrinsics k)
    {
        using var scope = NewDisposeScope();
        var directions = PinholeCamera.CameraDirections(u, v, k).matmul(Rotation().t());           // [R, 3]
        return (Translation.unsqueeze(0).expand(u.shape[0], 3).MoveToOuterDisposeScope(), directions.MoveToOuterDisposeScope());
    }

    public void Dispose()
    {
        Quaternion.Dispose();
        Translation.Dispose();
    }
}
