using NiceSlam.Core.Geometry;
using NiceSlam.Core.Meshing;
using NiceSlam.Messages.GeometryMsgs;
using NiceSlam.Messages.StdMsgs;
using NiceSlam.Messages.VisualizationMsgs;

namespace NiceSlam.Node.Conversions;

/// <summary>
/// The map mesh as a visualization_msgs/Marker TRIANGLE_LIST for RViz: three points per triangle in the header's
/// frame, per-point colours from the vertex colours (0..1; white when the mesh has none), scale 1, alpha 1,
/// identity pose. A mesh with more triangles than allowed keeps an evenly strided subset (triangles
/// ⌊k F / max⌋, k = 0..max-1) and says so in <see cref="Marker.Text"/> (which RViz does not draw for a triangle
/// list) and through <c>keptTriangles</c>, for the caller's log. The namespace stays <see cref="Namespace"/> so that
/// each marker replaces the previous one.
/// </summary>
public static class MeshMarkerBuilder
{
    public const string Namespace = "mesh";

    public static Marker Build(TriangleMesh mesh, RigidTransform mapFromWorld, Header header, int maxTriangles) =>
        Build(mesh, mapFromWorld, header, maxTriangles, out _);

    /// <summary><inheritdoc cref="MeshMarkerBuilder"/></summary>
    /// <param name="keptTriangles">How many triangles the marker holds (fewer than the mesh's when it was thinned).</param>
    public static Marker Build(TriangleMesh mesh, RigidTransform mapFromWorld, Header header, int maxTriangles, out int keptTriangles)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        ArgumentNullException.ThrowIfNull(header);
        if (maxTriangles <= 0) throw new ArgumentOutOfRangeException(nameof(maxTriangles), $"maxTriangles must be > 0, got {maxTriangles}");
        int total = mesh.FaceCount, kept = Math.Min(total, maxTriangles);
        keptTriangles = kept;
        var points = new Point[3 * kept];
        var colors = new ColorRGBA[3 * kept];
        for (int k = 0; k < kept; k++)
        {
            int face = (int)((long)k * total / kept);
            for (int corner = 0; corner < 3; corner++)
            {
                int v = mesh.Faces[3 * face + corner];
                var (x, y, z) = mapFromWorld.Apply(mesh.Vertices[3 * v], mesh.Vertices[3 * v + 1], mesh.Vertices[3 * v + 2]);
                points[3 * k + corner] = new Point(x, y, z);
                colors[3 * k + corner] = mesh.Colors is { } c
                    ? new ColorRGBA(c[3 * v] / 255f, c[3 * v + 1] / 255f, c[3 * v + 2] / 255f, 1f)
                    : new ColorRGBA(1, 1, 1, 1);
            }
        }
        return new Marker
        {
            Header = header,
            Ns = Namespace,
            Id = 0,
            Type = Marker.TypeTriangleList,
            Action = Marker.ActionAdd,
            Pose = Pose.Identity,
            Scale = new Vector3(1, 1, 1),
            Color = new ColorRGBA(1, 1, 1, 1),
            Points = points,
            Colors = colors,
            Text = kept < total ? $"kept {kept} of {total} triangles" : "",
        };
    }
}
