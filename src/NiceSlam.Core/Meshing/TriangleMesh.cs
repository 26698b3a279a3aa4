namespace NiceSlam.Core.Meshing;

/// <summary>
/// An indexed triangle mesh: vertex positions, triangles as vertex indices, and optional per-vertex colours.
/// Layouts: <see cref="Vertices"/> [V * 3] x, y, z interleaved (world units, metres for a map mesh);
/// <see cref="Faces"/> [F * 3] vertex indices per triangle, counter-clockwise seen from the side the normal
/// (b - a) x (c - a) points to; <see cref="Colors"/> [V * 3] r, g, b interleaved, 0..255, or null.
/// The arrays are owned by the mesh once passed in; callers should not modify them afterwards.
/// </summary>
public sealed class TriangleMesh
{
    /// <summary>Wraps the arrays after checking their lengths and that every index names a vertex.</summary>
    public TriangleMesh(float[] vertices, int[] faces, byte[]? colors = null)
    {
        ArgumentNullException.ThrowIfNull(vertices);
        ArgumentNullException.ThrowIfNull(faces);
        if (vertices.Length % 3 != 0)
            throw new ArgumentException($"vertices must hold x, y, z per vertex (a multiple of 3 floats), got {vertices.Length}", nameof(vertices));
        if (faces.Length % 3 != 0)
            throw new ArgumentException($"faces must hold 3 vertex indices per triangle (a multiple of 3 ints), got {faces.Length}", nameof(faces));
        int vertexCount = vertices.Length / 3;
        for (int i = 0; i < faces.Length; i++)
        {
            if ((uint)faces[i] >= (uint)vertexCount)
                throw new ArgumentException($"face {i / 3} refers to vertex {faces[i]}, but the mesh has {vertexCount} vertices", nameof(faces));
        }
        if (colors is not null && colors.Length != vertices.Length)
            throw new ArgumentException($"colors must hold r, g, b per vertex ({vertices.Length} bytes for {vertexCount} vertices), got {colors.Length}", nameof(colors));
        Vertices = vertices;
        Faces = faces;
        Colors = colors;
    }

    /// <summary>A mesh with no vertices and no faces.</summary>
    public static TriangleMesh Empty { get; } = new([], []);

    /// <summary>[V * 3] vertex positions, x, y, z interleaved.</summary>
    public float[] Vertices { get; }

    /// <summary>[F * 3] vertex indices, 3 per triangle, outward normal by the right-hand rule.</summary>
    public int[] Faces { get; }

    /// <summary>[V * 3] per-vertex colours, r, g, b interleaved, or null when the mesh is uncoloured.</summary>
    public byte[]? Colors { get; }

    public int VertexCount => Vertices.Length / 3;

    public int FaceCount => Faces.Length / 3;

    /// <summary>The same geometry with per-vertex colours [V * 3] (r, g, b interleaved).</summary>
    public TriangleMesh WithColors(byte[] colors)
    {
        ArgumentNullException.ThrowIfNull(colors);
        if (colors.Length != Vertices.Length)
            throw new ArgumentException($"colors must hold r, g, b per vertex ({Vertices.Length} bytes for {VertexCount} vertices), got {colors.Length}", nameof(colors));
        return new TriangleMesh(Vertices, Faces, colors);
    }

    /// <summary>
    /// The mesh with only the faces where <paramref name="keep"/>[face] is true, in their original order, and
    /// only the vertices those faces use, in their original order (indices remapped, colours kept aligned).
    /// </summary>
    public TriangleMesh KeepFaces(bool[] keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        if (keep.Length != FaceCount)
            throw new ArgumentException($"keep must have one flag per face ({FaceCount}), got {keep.Length}", nameof(keep));

        var used = new bool[VertexCount];
        int keptFaces = 0;
        for (int f = 0; f < keep.Length; f++)
        {
            if (!keep[f]) continue;
            keptFaces++;
            used[Faces[3 * f]] = used[Faces[3 * f + 1]] = used[Faces[3 * f + 2]] = true;
        }

        var newIndex = new int[VertexCount];
        int keptVertices = 0;
        for (int v = 0; v < used.Length; v++) newIndex[v] = used[v] ? keptVertices++ : -1;

        var vertices = new float[3 * keptVertices];
        var colors = Colors is null ? null : new byte[3 * keptVertices];
        for (int v = 0; v < used.Length; v++)
        {
            int n = newIndex[v];
            if (n < 0) continue;
            Array.Copy(Vertices, 3 * v, vertices, 3 * n, 3);
            if (colors is not null) Array.Copy(Colors!, 3 * v, colors, 3 * n, 3);
        }

        var faces = new int[3 * keptFaces];
        int k = 0;
        for (int f = 0; f < keep.Length; f++)
        {
            if (!keep[f]) continue;
            faces[k++] = newIndex[Faces[3 * f]];
            faces[k++] = newIndex[Faces[3 * f + 1]];
            faces[k++] = newIndex[Faces[3 * f + 2]];
        }
        return new TriangleMesh(vertices, faces, colors);
    }

    /// <summary>Total area of all triangles, in squared world units (double accumulation).</summary>
    public double SurfaceArea()
    {
        double total = 0;
        for (int f = 0; f < FaceCount; f++)
        {
            int a = 3 * Faces[3 * f], b = 3 * Faces[3 * f + 1], c = 3 * Faces[3 * f + 2];
            double ux = Vertices[b] - (double)Vertices[a], uy = Vertices[b + 1] - (double)Vertices[a + 1], uz = Vertices[b + 2] - (double)Vertices[a + 2];
            double vx = Vertices[c] - (double)Vertices[a], vy = Vertices[c + 1] - (double)Vertices[a + 1], vz = Vertices[c + 2] - (double)Vertices[a + 2];
            double nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
            total += 0.5 * Math.Sqrt(nx * nx + ny * ny + nz * nz);
        }
        return total;
    }
}
