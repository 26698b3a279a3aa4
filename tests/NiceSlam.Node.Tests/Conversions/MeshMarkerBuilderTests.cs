using NiceSlam.Core.Geometry;
using NiceSlam.Core.Meshing;
using NiceSlam.Messages.GeometryMsgs;
using NiceSlam.Messages.StdMsgs;
using NiceSlam.Messages.VisualizationMsgs;
using NiceSlam.Node.Conversions;

namespace NiceSlam.Node.Tests.Conversions;

public class MeshMarkerBuilderTests
{
    // Four triangles over five vertices; vertex v sits at world (v, 0, 1) with colour (51 v, 255, 0).
    private static TriangleMesh Fan() => new(
        [0, 0, 1, 1, 0, 1, 2, 0, 1, 3, 0, 1, 4, 0, 1],
        [0, 1, 2, 0, 2, 3, 0, 3, 4, 1, 2, 3],
        [0, 255, 0, 51, 255, 0, 102, 255, 0, 153, 255, 0, 204, 255, 0]);

    [Fact]
    public void Every_triangle_gives_three_points_in_map_with_their_vertex_colours()
    {
        var header = new Header(new Time(1, 0), "map");
        var marker = MeshMarkerBuilder.Build(Fan(), MapFrameConvention.MapFromWorld, header, 100, out int kept);

        Assert.Equal(4, kept);
        Assert.Equal(Marker.TypeTriangleList, marker.Type);
        Assert.Equal(Marker.ActionAdd, marker.Action);
        Assert.Equal(Pose.Identity, marker.Pose);
        Assert.Equal(new Vector3(1, 1, 1), marker.Scale);
        Assert.Equal(1f, marker.Color.A);
        Assert.Equal(12, marker.Points.Length);
        Assert.Equal(12, marker.Colors.Length);
        Assert.Equal("", marker.Text);
        // Second triangle (0, 2, 3): its third point is vertex 3, world (3, 0, 1) = map (1, -3, 0); colour 153/255 = 0.6.
        Assert.Equal(new Point(1, -3, 0), marker.Points[5]);
        Assert.Equal(new ColorRGBA(0.6f, 1f, 0f, 1f), marker.Colors[5]);
        Assert.Same(header, marker.Header);
    }

    [Fact]
    public void Too_many_triangles_keep_an_evenly_strided_subset_and_say_so()
    {
        // 4 triangles, at most 2: keep ⌊0·4/2⌋ = 0 and ⌊1·4/2⌋ = 2, i.e. (0, 1, 2) and (0, 3, 4).
        var marker = MeshMarkerBuilder.Build(Fan(), RigidTransform.Identity, new Header(), 2, out int kept);
        Assert.Equal(2, kept);
        Assert.Equal(6, marker.Points.Length);
        Assert.Equal(new Point(4, 0, 1), marker.Points[5]);
        Assert.Equal(new Point(1, 0, 1), marker.Points[1]);
        Assert.Equal("kept 2 of 4 triangles", marker.Text);
        Assert.Equal(MeshMarkerBuilder.Namespace, marker.Ns);
        Assert.Throws<ArgumentOutOfRangeException>(() => MeshMarkerBuilder.Build(Fan(), RigidTransform.Identity, new Header(), 0));
    }

    [Fact]
    public void An_uncoloured_mesh_is_white()
    {
        var mesh = new TriangleMesh([0, 0, 0, 1, 0, 0, 0, 1, 0], [0, 1, 2]);
        var marker = MeshMarkerBuilder.Build(mesh, RigidTransform.Identity, new Header(), 10);
        Assert.All(marker.Colors, c => Assert.Equal(new ColorRGBA(1, 1, 1, 1), c));
    }
}
