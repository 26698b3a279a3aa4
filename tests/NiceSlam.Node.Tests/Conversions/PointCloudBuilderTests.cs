using NiceSlam.Core.Geometry;
using NiceSlam.Core.Meshing;
using NiceSlam.Messages.SensorMsgs;
using NiceSlam.Messages.StdMsgs;
using NiceSlam.Node.Conversions;

namespace NiceSlam.Node.Tests.Conversions;

public class PointCloudBuilderTests
{
    private static readonly Header Header = new(new Time(7, 0), "map");

    [Fact]
    public void Four_points_in_two_voxels_give_their_means_as_exact_bytes()
    {
        // Voxel 1 m. Points of voxel (1, 0, 0), (1.25, .5, .5) rgb (255, 0, 1) and (1.75, .5, .5) rgb (255, 0, 3),
        // mean (1.5, 0.5, 0.5) rgb (255, 0, 2); of voxel (0, 0, 0), (.25, .25, .25) rgb (10, 20, 30) and
        // (.75, .25, .25) rgb (30, 40, 50), mean (0.5, 0.25, 0.25) rgb (20, 30, 40). Voxel (0, 0, 0) comes first.
        float[] xyz = [1.25f, 0.5f, 0.5f, 0.25f, 0.25f, 0.25f, 1.75f, 0.5f, 0.5f, 0.75f, 0.25f, 0.25f];
        byte[] rgb = [255, 0, 1, 10, 20, 30, 255, 0, 3, 30, 40, 50];

        var cloud = PointCloudBuilder.FromPoints(xyz, rgb, 1.0, RigidTransform.Identity, Header);

        // Little-endian float32: 0.5 = 0x3F000000, 0.25 = 0x3E800000, 1.5 = 0x3FC00000; rgb words 0x00141E28 and
        // 0x00FF0002 stored as their 4 bytes, least significant first.
        byte[] expected =
        [
            0x00, 0x00, 0x00, 0x3F, 0x00, 0x00, 0x80, 0x3E, 0x00, 0x00, 0x80, 0x3E, 0x28, 0x1E, 0x14, 0x00,
            0x00, 0x00, 0xC0, 0x3F, 0x00, 0x00, 0x00, 0x3F, 0x00, 0x00, 0x00, 0x3F, 0x02, 0x00, 0xFF, 0x00,
        ];
        Assert.Equal(expected, cloud.Data);
        Assert.Equal(2u, cloud.Width);
        Assert.Equal(1u, cloud.Height);
        Assert.Equal(32u, cloud.RowStep);
        Assert.Same(Header, cloud.Header);
    }

    [Fact]
    public void Fields_follow_the_pcl_xyzrgb_layout()
    {
        var cloud = PointCloudBuilder.FromPoints([0, 0, 0], [1, 2, 3], 0.1, RigidTransform.Identity, Header);
        Assert.Equal(["x", "y", "z", "rgb"], cloud.Fields.Select(f => f.Name));
        Assert.Equal([0u, 4u, 8u, 12u], cloud.Fields.Select(f => f.Offset));
        Assert.All(cloud.Fields, f => Assert.Equal(PointField.Float32, f.Datatype));
        Assert.All(cloud.Fields, f => Assert.Equal(1u, f.Count));
        Assert.Equal(16u, cloud.PointStep);
        Assert.False(cloud.IsBigEndian);
        Assert.True(cloud.IsDense);

        var plain = PointCloudBuilder.FromPoints([0, 0, 0], null, 0.1, RigidTransform.Identity, Header);
        Assert.Equal(["x", "y", "z"], plain.Fields.Select(f => f.Name));
        Assert.Equal(12u, plain.PointStep);
        Assert.Equal(12, plain.Data.Length);
    }

    [Fact]
    public void Points_are_moved_into_the_frame_and_non_finite_ones_dropped()
    {
        // World (1, 2, 3) is map (3, -1, -2); voxel 0 keeps every point.
        var cloud = PointCloudBuilder.FromPoints([1, 2, 3, float.NaN, 0, 0], null, 0, MapFrameConvention.MapFromWorld, Header);
        Assert.Equal(1u, cloud.Width);
        Assert.Equal([3f, -1f, -2f], Floats(cloud.Data));
    }

    [Fact]
    public void Negative_coordinates_fall_in_their_own_voxel()
    {
        // -0.25 lies in voxel -1 ([-1, 0)), 0.25 in voxel 0: two points remain, voxel -1 first.
        var cloud = PointCloudBuilder.FromPoints([0.25f, 0, 0, -0.25f, 0, 0], null, 1, RigidTransform.Identity, Header);
        Assert.Equal([-0.25f, 0, 0, 0.25f, 0, 0], Floats(cloud.Data));
    }

    [Fact]
    public void A_mesh_gives_its_vertex_cloud()
    {
        var mesh = new TriangleMesh([0, 0, 0, 2, 0, 0, 0, 2, 0], [0, 1, 2], [0, 0, 0, 90, 90, 90, 255, 255, 255]);
        var cloud = PointCloudBuilder.FromMesh(mesh, 1, RigidTransform.Identity, Header);
        Assert.Equal(3u, cloud.Width);
    }

    [Fact]
    public void Points_of_a_wrong_length_colours_of_a_wrong_length_and_a_negative_voxel_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => PointCloudBuilder.FromPoints([0, 0], null, 1, RigidTransform.Identity, Header));
        Assert.Throws<ArgumentException>(() => PointCloudBuilder.FromPoints([0, 0, 0], [1, 2], 1, RigidTransform.Identity, Header));
        Assert.Throws<ArgumentOutOfRangeException>(() => PointCloudBuilder.FromPoints([0, 0, 0], null, -1, RigidTransform.Identity, Header));
    }

    private static float[] Floats(byte[] data)
    {
        var floats = new float[data.Length / 4];
        Buffer.BlockCopy(data, 0, floats, 0, data.Length);
        return floats;
    }
}
