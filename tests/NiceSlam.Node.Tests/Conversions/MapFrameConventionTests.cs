using NiceSlam.Core.Geometry;
using NiceSlam.Node.Conversions;

namespace NiceSlam.Node.Tests.Conversions;

public class MapFrameConventionTests
{
    [Fact]
    public void Optical_axes_become_the_body_axes_of_a_z_up_map()
    {
        var m = MapFrameConvention.MapFromWorld;
        // Forward (optical z) is map x, right (optical x) is map -y, down (optical y) is map -z.
        AssertPoint((1, 0, 0), m.Apply(0, 0, 1));
        AssertPoint((0, -1, 0), m.Apply(1, 0, 0));
        AssertPoint((0, 0, -1), m.Apply(0, 1, 0));
        // The well-known camera_link -> camera_optical_frame rotation (rpy -π/2, 0, -π/2): trace 0 gives
        // w = √1 / 2 = 0.5, x = (r21 - r12) / 4w = (-1 - 0) / 2, y = (r02 - r20) / 2 = 0.5, z = (r10 - r01) / 2 = -0.5.
        var (qx, qy, qz, qw) = m.ToQuaternion();
        Assert.Equal(-0.5, qx, 12);
        Assert.Equal(0.5, qy, 12);
        Assert.Equal(-0.5, qz, 12);
        Assert.Equal(0.5, qw, 12);
    }

    [Fact]
    public void Camera_in_map_rotates_the_position_and_keeps_the_optical_orientation_relative_to_the_first_camera()
    {
        // A camera 3 m forward, 1 m right and 2 m down of the first one, turned 90° to its right: +90° about optical
        // y (down) takes forward z to (sin 90°, 0, cos 90°) = right x.
        var cameraToWorld = RigidTransform.FromAxisAngle(0, 1, 0, Math.PI / 2, 1, 2, 3);
        var inMap = MapFrameConvention.CameraInMap(cameraToWorld);
        // Position: map (x, y, z) = (optical z, -optical x, -optical y) = (3, -1, -2).
        AssertPoint((3, -1, -2), (inMap.Tx, inMap.Ty, inMap.Tz));
        // Its viewing direction (optical z) was world +x (right of the first camera), which is map -y.
        AssertPoint((0, -1, 0), inMap.Rotate(0, 0, 1));
        Assert.Equal(MapFrameConvention.MapFromWorld, MapFrameConvention.CameraInMap(RigidTransform.Identity));
    }

    internal static void AssertPoint((double X, double Y, double Z) expected, (double X, double Y, double Z) actual, int digits = 12)
    {
        Assert.Equal(expected.X, actual.X, digits);
        Assert.Equal(expected.Y, actual.Y, digits);
        Assert.Equal(expected.Z, actual.Z, digits);
    }
}
