using NiceSlam.Core.Geometry;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Tests.Geometry;

public class PoseTensorTests
{
    private static readonly RigidTransform Pose = RigidTransform.FromAxisAngle(0.3, -0.5, 0.8, 0.7, 1.5, -2, 0.25);

    [Fact]
    public void Rotation_of_the_quaternion_equals_the_rigid_transform_rotation()
    {
        using var scope = NewDisposeScope();
        using var pose = new PoseTensor(Pose, CPU, requiresGrad: false);
        var r = pose.Rotation().to(float64).data<double>().ToArray();
        var expected = Pose.RotationRowMajor();
        for (int i = 0; i < 9; i++) Assert.Equal(expected[i], r[i], 5);
        Assert.True(Pose.Compose(pose.ToRigid().Inverse()).RotationAngle() < 1e-6);
        Assert.Equal(Pose.Tx, pose.ToRigid().Tx, 5);
    }

    [Fact]
    public void An_unnormalised_quaternion_still_gives_a_rotation()
    {
        using var scope = NewDisposeScope();
        var r = PoseTensor.RotationOf(tensor(new float[] { 2, 0.4f, -1, 0.2f }));
        var identity = r.matmul(r.t());
        Assert.True(identity.allclose(eye(3), atol: 1e-5));
        Assert.Equal(1.0, linalg.det(r).item<float>(), 4);
    }

    [Fact]
    public void Pixel_rays_match_the_fixed_pose_rays_and_carry_gradients_to_the_pose()
    {
        using var scope = NewDisposeScope();
        var k = new CameraIntrinsics(80, 60, 70, 72, 39.5, 29.5);
        var u = tensor(new float[] { 0, 10, 79 });
        var v = tensor(new float[] { 0, 30, 59 });
        using var pose = new PoseTensor(Pose, CPU, requiresGrad: true);
        var (origins, directions) = pose.PixelRays(u, v, k);
        var (o2, d2) = PinholeCamera.PixelRays(u, v, k, Pose);
        Assert.True(origins.allclose(o2, atol: 1e-5));
        Assert.True(directions.allclose(d2, atol: 1e-5));
        (origins.sum() + directions.sum()).backward();
        Assert.NotNull(pose.Quaternion.grad);
        Assert.True(pose.Quaternion.grad!.abs().sum().item<float>() > 0);
    }
}
