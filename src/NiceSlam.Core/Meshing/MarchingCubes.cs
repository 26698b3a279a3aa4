namespace NiceSlam.Core.Meshing;

/// <summary>
/// Marching cubes over a scalar field sampled on a regular lattice, producing a closed, consistently oriented
/// triangle mesh wherever the surface does not leave the lattice.
/// <para>
/// Conventions. A lattice point is inside when its value is &gt; the iso level (the field is an occupancy logit:
/// positive = occupied); NaN is never inside. Triangles are wound so that (b - a) x (c - a) points from inside to
/// outside. Each surface vertex lies on one lattice edge whose two ends are on different sides, at the linear
/// interpolation of the crossing, and is shared by every cube around that edge, so a surface that closes inside
/// the lattice gives a closed 2-manifold mesh (every undirected edge in exactly two triangles, every directed edge
/// in exactly one).
/// </para>
/// <para>
/// The per-configuration triangulation is not a typed-in table: it is generated at type initialisation. For each
/// of the 256 inside/outside corner patterns the crossed cube edges are joined into closed polygons by pairing the
/// crossings on each of the six cube faces, and each polygon is triangulated keeping its outward winding, using no
/// diagonal that the neighbouring cube could make as well. A face with four crossings
/// (inside corners on one diagonal, outside corners on the other) is ambiguous; it is resolved at extraction time
/// by the asymptotic decider: the inside corners are joined across the face iff the saddle of the bilinear
/// interpolant of the face's four values is inside, i.e. (a - iso)(c - iso) &gt; (b - iso)(d - iso) with a, c the
/// inside diagonal and b, d the outside diagonal (ties and NaN: separated). The test uses only the face's own four
/// values, so the two cubes sharing the face always agree and the mesh stays watertight. Every resolution of every
/// pattern's ambiguous faces is generated up front, so extraction does no allocation per cube.
/// </para>
/// </summary>
internal static class MarchingCubes
{
    // Cube corner c (0..7) sits at (c & 1, (c >> 1) & 1, (c >> 2) & 1) in lattice steps from the cube's minimum corner.
    // Cube edge e (0..11) runs along axis e / 4 from corner EdgeStart[e] (that axis's bit clear) to EdgeEnd[e].
    // Cube face f (0..5) is the side (f & 1) of axis f / 2; FaceCorners[f] lists its corners in cyclic order and
    // FaceEdges[f][i] joins FaceCorners[f][i] to FaceCorners[f][(i + 1) % 4].
    private static readonly int[] EdgeAxis = new int[12];
    private static readonly int[] EdgeStart = new int[12];
    private static readonly int[] EdgeEnd = new int[12];
    private static readonly int[] EdgeFaceMask = new int[12];
    private static readonly int[][] FaceCorners = new int[6][];
    private static readonly int[][] FaceEdges = new int[6][];

    // Generated tables. For pattern p (bit c set = corner c inside): AmbiguousFaces[AmbiguousStart[p] ..
    // AmbiguousStart[p + 1]] are its ambiguous faces; resolution r (bit j set = j-th ambiguous face joins its
    // inside corners) has the triangles TriangleEdges[TriangleStart[s] .. TriangleStart[s + 1]] (3 cube edges per
    // triangle, outward winding) with s = VariantBase[p] + r.
    private static readonly int[] AmbiguousStart = new int[257];
    private static readonly byte[] AmbiguousFaces;
    private static readonly int[] VariantBase = new int[257];
    private static readonly int[] TriangleStart;
    private static readonly byte[] TriangleEdges;

    static MarchingCubes()
    {
        BuildCubeGeometry();
        var ambiguous = new List<byte>();
        var triangleStart = new List<int>();
        var triangleEdges = new List<byte>();
        for (int pattern = 0; pattern < 256; pattern++)
        {
            AmbiguousStart[pattern] = ambiguous.Count;
            for (int f = 0; f < 6; f++)
                if (CrossedFaceEdges(pattern, f) == 4) ambiguous.Add((byte)f);
            int count = ambiguous.Count - AmbiguousStart[pattern];
            VariantBase[pattern] = triangleStart.Count;
            for (int resolution = 0; resolution < 1 << count; resolution++)
            {
                triangleStart.Add(triangleEdges.Count);
                int joinedFaces = 0;
                for (int j = 0; j < count; j++)
                    if ((resolution >> j & 1) != 0) joinedFaces |= 1 << ambiguous[AmbiguousStart[pattern] + j];
                AppendTriangles(pattern, joinedFaces, triangleEdges);
            }
        }
        AmbiguousStart[256] = ambiguous.Count;
        VariantBase[256] = triangleStart.Count;
        triangleStart.Add(triangleEdges.Count);
        AmbiguousFaces = [.. ambiguous];
        TriangleStart = [.. triangleStart];
        TriangleEdges = [.. triangleEdges];
    }

    /// <summary>
    /// The iso-surface {value = <paramref name="isoLevel"/>} of a lattice field as a triangle mesh.
    /// </summary>
    /// <param name="values">[nz * ny * nx] samples, x fastest: index = x + nx * (y + ny * z).</param>
    /// <param name="nx">Lattice points along x (a lattice with fewer than 2 points on an axis has no cubes).</param>
    /// <param name="ny">Lattice points along y.</param>
    /// <param name="nz">Lattice points along z.</param>
    /// <param name="isoLevel">Surface level; a point is inside when its value is &gt; this (NaN: outside).</param>
    /// <param name="origin">World position of lattice point (0, 0, 0).</param>
    /// <param name="spacing">World distance between neighbouring lattice points along x, y, z (each &gt; 0).</param>
    /// <returns>Vertices at world positions origin + (x, y, z) * spacing interpolated along lattice edges;
    /// triangles wound with normals pointing out of the inside region; no colours.</returns>
    public static TriangleMesh Extract(float[] values, int nx, int ny, int nz, float isoLevel,
        (double X, double Y, double Z) origin, (double X, double Y, double Z) spacing)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (nx < 0 || ny < 0 || nz < 0)
            throw new ArgumentException($"lattice size must be non-negative, got {nx} x {ny} x {nz}");
        if ((long)nx * ny * nz != values.Length)
            throw new ArgumentException($"values has {values.Length} samples, but a {nx} x {ny} x {nz} lattice needs {(long)nx * ny * nz}", nameof(values));
        if (!float.IsFinite(isoLevel))
            throw new ArgumentException($"iso level must be finite, got {isoLevel}", nameof(isoLevel));
        if (!double.IsFinite(origin.X) || !double.IsFinite(origin.Y) || !double.IsFinite(origin.Z))
            throw new ArgumentException($"origin must be finite, got {origin}", nameof(origin));
        if (!(spacing.X > 0 && spacing.Y > 0 && spacing.Z > 0) || !double.IsFinite(spacing.X + spacing.Y + spacing.Z))
            throw new ArgumentException($"spacing must be finite and > 0 on every axis, got {spacing}", nameof(spacing));
        if (nx < 2 || ny < 2 || nz < 2) return TriangleMesh.Empty;

        var extraction = new Extraction(values, nx, ny, isoLevel, origin, spacing);
        for (int z = 0; z < nz - 1; z++) extraction.Slab(z);
        return new TriangleMesh([.. extraction.Vertices], [.. extraction.Faces]);
    }

    /// <summary>State of one extraction: vertex caches for the two lattice planes of the current slab of cubes.</summary>
    private sealed class Extraction
    {
        private readonly float[] _values;
        private readonly int _nx, _ny, _plane;
        private readonly float _iso;
        private readonly (double X, double Y, double Z) _origin, _spacing;
        private readonly int[] _cornerOffset;

        // Vertex index per lattice edge, -1 = not made yet, indexed by the edge's start point x + nx * y:
        // x- and y-edges in the slab's lower plane (Low) and upper plane (High), z-edges between them (Z).
        private int[] _xLow, _xHigh, _yLow, _yHigh;
        private readonly int[] _z;

        public readonly List<float> Vertices = [];
        public readonly List<int> Faces = [];

        public Extraction(float[] values, int nx, int ny, float iso, (double X, double Y, double Z) origin, (double X, double Y, double Z) spacing)
        {
            _values = values;
            _nx = nx;
            _ny = ny;
            _plane = nx * ny;
            _iso = iso;
            _origin = origin;
            _spacing = spacing;
            _cornerOffset = new int[8];
            for (int c = 0; c < 8; c++) _cornerOffset[c] = (c & 1) + (c >> 1 & 1) * nx + (c >> 2 & 1) * _plane;
            _xLow = new int[_plane];
            _xHigh = new int[_plane];
            _yLow = new int[_plane];
            _yHigh = new int[_plane];
            _z = new int[_plane];
            Array.Fill(_xHigh, -1);
            Array.Fill(_yHigh, -1);
        }

        /// <summary>All cubes between lattice planes z and z + 1.</summary>
        public void Slab(int z)
        {
            (_xLow, _xHigh) = (_xHigh, _xLow);
            (_yLow, _yHigh) = (_yHigh, _yLow);
            Array.Fill(_xHigh, -1);
            Array.Fill(_yHigh, -1);
            Array.Fill(_z, -1);

            Span<float> v = stackalloc float[8];
            float iso = _iso;
            for (int y = 0; y < _ny - 1; y++)
            {
                int row = _nx * (y + _ny * z);
                for (int x = 0; x < _nx - 1; x++)
                {
                    int at = row + x;
                    int pattern = 0;
                    for (int c = 0; c < 8; c++)
                    {
                        float value = _values[at + _cornerOffset[c]];
                        v[c] = value;
                        if (value > iso) pattern |= 1 << c;
                    }
                    if (pattern == 0 || pattern == 255) continue;

                    int slot = VariantBase[pattern];
                    int first = AmbiguousStart[pattern];
                    for (int j = first; j < AmbiguousStart[pattern + 1]; j++)
                        if (JoinsInsideCorners(AmbiguousFaces[j], pattern, v, iso)) slot += 1 << (j - first);

                    for (int t = TriangleStart[slot]; t < TriangleStart[slot + 1]; t++)
                        Faces.Add(VertexOn(TriangleEdges[t], x, y, z, v));
                }
            }
        }

        /// <summary>The asymptotic decider on an ambiguous face: is the saddle of the bilinear interpolant inside?</summary>
        private static bool JoinsInsideCorners(int face, int pattern, ReadOnlySpan<float> v, float iso)
        {
            int[] corners = FaceCorners[face];
            int a = corners[0], b = corners[1], c = corners[2], d = corners[3];
            if ((pattern >> a & 1) == 0) (a, b, c, d) = (b, c, d, a);
            double inside = ((double)v[a] - iso) * ((double)v[c] - iso);
            double outside = ((double)v[b] - iso) * ((double)v[d] - iso);
            return inside > outside;
        }

        /// <summary>The index of the vertex on cube edge <paramref name="edge"/> of cube (x, y, z), made on first use.</summary>
        private int VertexOn(int edge, int x, int y, int z, ReadOnlySpan<float> v)
        {
            int start = EdgeStart[edge];
            int sx = x + (start & 1), sy = y + (start >> 1 & 1), upper = start >> 2 & 1;
            int axis = EdgeAxis[edge];
            int[] cache = axis switch
            {
                0 => upper == 0 ? _xLow : _xHigh,
                1 => upper == 0 ? _yLow : _yHigh,
                _ => _z,
            };
            int cell = sx + _nx * sy;
            int id = cache[cell];
            if (id >= 0) return id;

            // Crossing parameter from the edge's start point (lower coordinate), so it does not depend on the cube.
            double a = v[start], b = v[EdgeEnd[edge]];
            double t = (_iso - a) / (b - a);
            if (double.IsNaN(t)) t = 0.5; // an end is NaN (outside) or both are infinite: no usable crossing
            else t = Math.Clamp(t, 0.0, 1.0);
            double px = sx + (axis == 0 ? t : 0), py = sy + (axis == 1 ? t : 0), pz = z + upper + (axis == 2 ? t : 0);
            id = Vertices.Count / 3;
            Vertices.Add((float)(_origin.X + px * _spacing.X));
            Vertices.Add((float)(_origin.Y + py * _spacing.Y));
            Vertices.Add((float)(_origin.Z + pz * _spacing.Z));
            cache[cell] = id;
            return id;
        }
    }

    private static void BuildCubeGeometry()
    {
        int e = 0;
        for (int axis = 0; axis < 3; axis++)
            for (int c = 0; c < 8; c++)
            {
                if ((c >> axis & 1) != 0) continue;
                EdgeAxis[e] = axis;
                EdgeStart[e] = c;
                EdgeEnd[e] = c | 1 << axis;
                e++;
            }
        for (int f = 0; f < 6; f++)
        {
            int axis = f / 2, side = f & 1, u = (axis + 1) % 3, w = (axis + 2) % 3;
            int baseCorner = side << axis;
            FaceCorners[f] = [baseCorner, baseCorner | 1 << u, baseCorner | 1 << u | 1 << w, baseCorner | 1 << w];
            FaceEdges[f] = new int[4];
            for (int i = 0; i < 4; i++)
            {
                int edge = EdgeBetween(FaceCorners[f][i], FaceCorners[f][(i + 1) % 4]);
                FaceEdges[f][i] = edge;
                EdgeFaceMask[edge] |= 1 << f;
            }
        }
    }

    private static int EdgeBetween(int c1, int c2)
    {
        for (int e = 0; e < 12; e++)
            if ((EdgeStart[e] == c1 && EdgeEnd[e] == c2) || (EdgeStart[e] == c2 && EdgeEnd[e] == c1)) return e;
        throw new InvalidOperationException($"corners {c1} and {c2} are not joined by a cube edge");
    }

    private static bool Inside(int pattern, int corner) => (pattern >> corner & 1) != 0;

    private static bool Crossed(int pattern, int edge) => Inside(pattern, EdgeStart[edge]) != Inside(pattern, EdgeEnd[edge]);

    private static int CrossedFaceEdges(int pattern, int face)
    {
        int n = 0;
        foreach (int edge in FaceEdges[face])
            if (Crossed(pattern, edge)) n++;
        return n;
    }

    /// <summary>
    /// The triangles of one pattern with its ambiguous faces resolved (<paramref name="joinedFaces"/>: bit f set =
    /// face f joins its inside corners). Crossings are paired on each face and each pair is directed so that,
    /// seen from outside the cube, the inside part of the face is on its right; every crossed edge then has one
    /// successor and one predecessor, the successor chains are the polygons, and their winding is outward.
    /// </summary>
    private static void AppendTriangles(int pattern, int joinedFaces, List<byte> triangles)
    {
        Span<int> next = stackalloc int[12];
        next.Fill(-1);
        for (int f = 0; f < 6; f++)
        {
            int[] edges = FaceEdges[f], corners = FaceCorners[f];
            int crossed = CrossedFaceEdges(pattern, f);
            if (crossed == 2)
            {
                int first = -1, second = -1;
                foreach (int edge in edges)
                    if (Crossed(pattern, edge)) { if (first < 0) first = edge; else second = edge; }
                Link(pattern, f, first, second, next);
            }
            else if (crossed == 4)
            {
                // Corner i is shared by face edges i - 1 and i; cut off either the two inside corners (separated)
                // or the two outside corners (inside corners joined across the face).
                bool cutInside = (joinedFaces >> f & 1) == 0;
                for (int i = 0; i < 4; i++)
                    if (Inside(pattern, corners[i]) == cutInside) Link(pattern, f, edges[(i + 3) % 4], edges[i], next);
            }
        }

        Span<bool> done = stackalloc bool[12];
        var polygon = new List<int>(12);
        for (int startEdge = 0; startEdge < 12; startEdge++)
        {
            if (!Crossed(pattern, startEdge) || done[startEdge]) continue;
            polygon.Clear();
            int edge = startEdge;
            do
            {
                if (next[edge] < 0 || done[edge])
                    throw new InvalidOperationException($"marching cubes table generation: pattern {pattern} does not close at edge {edge}");
                done[edge] = true;
                polygon.Add(edge);
                edge = next[edge];
            } while (edge != startEdge);

            if (!Triangulate([.. polygon], triangles))
                throw new InvalidOperationException($"marching cubes table generation: pattern {pattern} has a polygon with no admissible triangulation");
        }
    }

    /// <summary>Sets next[] for the segment between crossed edges a and b on face f, directed inside-on-the-right.</summary>
    private static void Link(int pattern, int face, int a, int b, Span<int> next)
    {
        // Reference corner: the corner the segment cuts off when a and b meet at one; else any inside corner of the
        // face (the segment then runs parallel to two face edges and separates inside from outside corners).
        int reference = -1;
        foreach (int c in new[] { EdgeStart[a], EdgeEnd[a] })
            if (c == EdgeStart[b] || c == EdgeEnd[b]) reference = c;
        if (reference < 0)
            foreach (int c in FaceCorners[face])
                if (Inside(pattern, c)) { reference = c; break; }

        var pa = Midpoint(a);
        var pb = Midpoint(b);
        var r = Corner(reference);
        int axis = face / 2;
        double normalSign = (face & 1) == 0 ? -1 : 1;
        double[] d = [pb.X - pa.X, pb.Y - pa.Y, pb.Z - pa.Z];
        double[] q = [r.X - pa.X, r.Y - pa.Y, r.Z - pa.Z];
        double[] cross = [d[1] * q[2] - d[2] * q[1], d[2] * q[0] - d[0] * q[2], d[0] * q[1] - d[1] * q[0]];
        double side = cross[axis] * normalSign; // < 0: reference on the right seen from outside
        bool insideOnRight = Inside(pattern, reference) ? side < 0 : side > 0;
        if (!insideOnRight) (a, b) = (b, a);
        if (next[a] >= 0)
            throw new InvalidOperationException($"marching cubes table generation: pattern {pattern} gives edge {a} two successors");
        next[a] = b;
    }

    private static (double X, double Y, double Z) Corner(int c) => (c & 1, c >> 1 & 1, c >> 2 & 1);

    private static (double X, double Y, double Z) Midpoint(int edge)
    {
        var s = Corner(EdgeStart[edge]);
        var t = Corner(EdgeEnd[edge]);
        return ((s.X + t.X) / 2, (s.Y + t.Y) / 2, (s.Z + t.Z) / 2);
    }

    /// <summary>
    /// Triangulates a polygon (cube edges in winding order) keeping the winding. A diagonal between two vertices
    /// that lie on a common cube face (possible only across an ambiguous face) could also be made by the cube on
    /// the other side of that face, and the mesh edge would then have four triangles; so such a diagonal is
    /// admissible from one side only (see <see cref="Admissible"/>). Backtracks over the third vertex of the
    /// triangle on side (q0, q1); false if no admissible triangulation exists (none for any generated polygon).
    /// </summary>
    private static bool Triangulate(int[] q, List<byte> output)
    {
        int k = q.Length;
        if (k < 3) return false;
        if (k == 3)
        {
            output.AddRange([(byte)q[0], (byte)q[1], (byte)q[2]]);
            return true;
        }
        for (int j = 2; j < k; j++)
        {
            if (j != 2 && !Admissible(q[1], q[j])) continue;
            if (j != k - 1 && !Admissible(q[j], q[0])) continue;
            int mark = output.Count;
            output.AddRange([(byte)q[0], (byte)q[1], (byte)q[j]]);
            if ((j == 2 || Triangulate(q[1..(j + 1)], output)) && (j == k - 1 || Triangulate([.. q[j..], q[0]], output)))
                return true;
            output.RemoveRange(mark, output.Count - mark);
        }
        return false;
    }

    /// <summary>
    /// Whether a diagonal between the vertices on cube edges a and b may be used in this cube. Vertices on no
    /// common face: always (the diagonal belongs to this cube only). On a common face: between the face's two
    /// parallel edges only from the cube with the face on its upper side (f odd), between two edges meeting at a
    /// face corner only from the cube with the face on its lower side (f even); the two cubes sharing a face
    /// therefore never make the same diagonal.
    /// </summary>
    private static bool Admissible(int edgeA, int edgeB)
    {
        int common = EdgeFaceMask[edgeA] & EdgeFaceMask[edgeB];
        if (common == 0) return true;
        int face = System.Numerics.BitOperations.TrailingZeroCount(common);
        bool parallel = EdgeAxis[edgeA] == EdgeAxis[edgeB];
        return parallel == ((face & 1) == 1);
    }
}
