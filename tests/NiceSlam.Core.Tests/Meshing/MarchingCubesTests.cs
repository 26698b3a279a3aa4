using System.Diagnostics;
using NiceSlam.Core.Meshing;

namespace NiceSlam.Core.Tests.Meshing;

public class MarchingCubesTests
{
    [Fact]
    public void Sphere_vertices_lie_on_the_sphere_and_area_volume_and_topology_match()
    {
        const int n = 48;
        double h = 1.0 / (n - 1), r = 0.35;
        (double X, double Y, double Z) c = (0.503, 0.488, 0.517);
        var values = Field(n, n, n, (0, 0, 0), (h, h, h), p => r - Distance(p, c));

        var mesh = MarchingCubes.Extract(values, n, n, n, 0f, (0, 0, 0), (h, h, h));

        // On a lattice edge p(s), s in [0, h], f = r - |p - c| has |f''| <= 1 / |p - c| <= 1 / (r - h) (one end is
        // inside the sphere). Linear interpolation is then off by at most h^2 / 8 * max|f''|, and at the
        // interpolated zero that error IS the signed distance to the sphere. 1e-6 covers float rounding.
        double tolerance = h * h / (8 * (r - h)) + 1e-6; // 1.7e-4, 0.008 voxel
        double worst = 0;
        for (int v = 0; v < mesh.VertexCount; v++)
        {
            var p = (mesh.Vertices[3 * v], mesh.Vertices[3 * v + 1], (double)mesh.Vertices[3 * v + 2]);
            worst = Math.Max(worst, Math.Abs(Distance(p, c) - r));
        }
        Assert.True(worst <= tolerance, $"vertex {worst} from the sphere, bound {tolerance}");

        Assert.Equal(CrossedLatticeEdges(values, n, n, n, 0f), mesh.VertexCount);
        AssertClosedAndOriented(mesh);
        Assert.Equal(2, EulerCharacteristic(mesh));
        double area = mesh.SurfaceArea(), volume = SignedVolume(mesh);
        Assert.InRange(area / (4 * Math.PI * r * r), 0.99, 1.01); // measured 0.9988
        Assert.InRange(volume / (4.0 / 3 * Math.PI * r * r * r), 0.99, 1.01); // measured 0.9978; positive: normals point outward
    }

    [Fact]
    public void Two_separate_spheres_have_euler_characteristic_four()
    {
        const int n = 48;
        double h = 1.0 / (n - 1), r = 0.17;
        (double, double, double) c1 = (0.29, 0.5, 0.48), c2 = (0.71, 0.52, 0.5);
        var values = Field(n, n, n, (0, 0, 0), (h, h, h), p => Math.Max(r - Distance(p, c1), r - Distance(p, c2)));

        var mesh = MarchingCubes.Extract(values, n, n, n, 0f, (0, 0, 0), (h, h, h));

        AssertClosedAndOriented(mesh);
        Assert.Equal(4, EulerCharacteristic(mesh));
        Assert.InRange(SignedVolume(mesh) / (2 * 4.0 / 3 * Math.PI * r * r * r), 0.97, 1.03);
    }

    [Fact]
    public void Torus_has_euler_characteristic_zero_and_its_volume()
    {
        const int n = 48;
        double h = 1.0 / (n - 1), major = 0.3, minor = 0.12;
        var values = Field(n, n, n, (0, 0, 0), (h, h, h), p =>
        {
            double x = p.X - 0.5, y = p.Y - 0.49, z = p.Z - 0.51;
            double ring = Math.Sqrt(x * x + y * y) - major;
            return minor - Math.Sqrt(ring * ring + z * z);
        });

        var mesh = MarchingCubes.Extract(values, n, n, n, 0f, (0, 0, 0), (h, h, h));

        AssertClosedAndOriented(mesh);
        Assert.Equal(0, EulerCharacteristic(mesh));
        Assert.InRange(SignedVolume(mesh) / (2 * Math.PI * Math.PI * major * minor * minor), 0.97, 1.03);
        Assert.InRange(mesh.SurfaceArea() / (4 * Math.PI * Math.PI * major * minor), 0.97, 1.03);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Axis_aligned_plane_gives_vertices_exactly_at_the_level_and_normals_toward_the_outside(bool insideAbove)
    {
        // World z of lattice plane k is 0.25 + 0.5 k; the level 1.375 lies a quarter of the way from k = 2 to 3.
        // All these numbers are exact in binary, so the interpolated z must be exactly 1.375.
        const int nx = 6, ny = 5, nz = 7;
        (double X, double Y, double Z) origin = (0.5, -1, 0.25), spacing = (0.5, 0.25, 0.5);
        const double level = 1.375;
        var values = Field(nx, ny, nz, origin, spacing, p => insideAbove ? p.Z - level : level - p.Z);

        var mesh = MarchingCubes.Extract(values, nx, ny, nz, 0f, origin, spacing);

        Assert.Equal(nx * ny, mesh.VertexCount);
        Assert.Equal(2 * (nx - 1) * (ny - 1), mesh.FaceCount);
        for (int v = 0; v < mesh.VertexCount; v++) Assert.Equal((float)level, mesh.Vertices[3 * v + 2]);
        // Inside is value > 0: below the plane for level - z, so normals point +z; above it for z - level.
        double expectedSign = insideAbove ? -1 : 1;
        for (int f = 0; f < mesh.FaceCount; f++)
        {
            var normal = FaceNormal(mesh, f);
            Assert.Equal(0, normal.X);
            Assert.Equal(0, normal.Y);
            Assert.True(normal.Z * expectedSign > 0, $"face {f} normal z {normal.Z}");
        }
        Assert.Equal((nx - 1) * spacing.X * (ny - 1) * spacing.Y, mesh.SurfaceArea(), 9);
    }

    [Fact]
    public void Every_single_cube_configuration_with_unit_values_is_closed_oriented_and_has_the_right_topology()
    {
        // The cube between lattice points 1 and 2 of a 4^3 lattice of -1 takes each of the 256 corner patterns.
        // Values +-1 make every ambiguous face a tie, which separates the inside corners, so the surface is one
        // sphere per 6-connected group of inside corners: Euler characteristic = 2 x groups.
        for (int pattern = 0; pattern < 256; pattern++)
        {
            var values = PaddedCube(pattern, corner => (pattern >> corner & 1) != 0 ? 1f : -1f, () => -1f);

            var mesh = MarchingCubes.Extract(values, 4, 4, 4, 0f, (0, 0, 0), (1, 1, 1));

            Assert.Equal(CrossedLatticeEdges(values, 4, 4, 4, 0f), mesh.VertexCount);
            AssertClosedAndOriented(mesh, $"pattern {pattern}");
            Assert.Equal(2 * InsideCornerGroups(pattern), EulerCharacteristic(mesh));
            if (pattern != 0) Assert.True(SignedVolume(mesh) > 0, $"pattern {pattern}: volume {SignedVolume(mesh)}");
        }
    }

    [Fact]
    public void Every_single_cube_configuration_with_random_values_is_closed_and_oriented_under_each_face_resolution()
    {
        // Random log-uniform magnitudes make the asymptotic decider join or separate each ambiguous face; more trials for
        // patterns with more ambiguous faces, so that their 2^k resolutions are all likely to be exercised.
        var random = new Random(1234);
        for (int pattern = 1; pattern < 256; pattern++)
        {
            int trials = 8 << AmbiguousFaces(pattern);
            for (int trial = 0; trial < trials; trial++)
            {
                var values = PaddedCube(pattern,
                    corner => (pattern >> corner & 1) != 0 ? (float)Math.Exp(6 * random.NextDouble() - 3) : -(float)Math.Exp(6 * random.NextDouble() - 3),
                    () => -(float)(0.05 + random.NextDouble()));

                var mesh = MarchingCubes.Extract(values, 4, 4, 4, 0f, (0, 0, 0), (1, 1, 1));

                Assert.Equal(CrossedLatticeEdges(values, 4, 4, 4, 0f), mesh.VertexCount);
                AssertClosedAndOriented(mesh, $"pattern {pattern} trial {trial}");
                Assert.True(EulerCharacteristic(mesh) % 2 == 0, $"pattern {pattern} trial {trial}: odd Euler characteristic");
                Assert.True(SignedVolume(mesh) > 0, $"pattern {pattern} trial {trial}: volume {SignedVolume(mesh)}");
            }
        }
    }

    [Fact]
    public void Random_noise_field_gives_a_closed_oriented_mesh()
    {
        // Noise has ambiguous faces everywhere; the border layer is outside so every component closes.
        const int n = 20;
        var random = new Random(99);
        var values = new float[n * n * n];
        for (int z = 0; z < n; z++)
            for (int y = 0; y < n; y++)
                for (int x = 0; x < n; x++)
                {
                    bool border = x == 0 || y == 0 || z == 0 || x == n - 1 || y == n - 1 || z == n - 1;
                    values[x + n * (y + n * z)] = border ? -1f : (float)(random.NextDouble() * 2 - 1);
                }

        var mesh = MarchingCubes.Extract(values, n, n, n, 0.1f, (0, 0, 0), (1, 1, 1));

        Assert.True(mesh.FaceCount > 1000);
        Assert.Equal(CrossedLatticeEdges(values, n, n, n, 0.1f), mesh.VertexCount);
        AssertClosedAndOriented(mesh);
        Assert.True(EulerCharacteristic(mesh) % 2 == 0);
        Assert.True(SignedVolume(mesh) > 0);
    }

    [Fact]
    public void Nan_samples_count_as_outside_and_make_no_nan_vertex()
    {
        const int n = 32;
        double h = 1.0 / (n - 1), r = 0.35;
        (double X, double Y, double Z) c = (0.5, 0.5, 0.5);
        var values = Field(n, n, n, (0, 0, 0), (h, h, h), p => p.X > 0.52 ? double.NaN : r - Distance(p, c));

        var mesh = MarchingCubes.Extract(values, n, n, n, 0f, (0, 0, 0), (h, h, h));

        Assert.All(mesh.Vertices, value => Assert.True(float.IsFinite(value)));
        AssertClosedAndOriented(mesh);
        Assert.Equal(2, EulerCharacteristic(mesh));
        double ball = 4.0 / 3 * Math.PI * r * r * r;
        Assert.InRange(SignedVolume(mesh) / ball, 0.45, 0.6); // about half a ball, cut near x = 0.5
        Assert.All(Enumerable.Range(0, mesh.VertexCount), v => Assert.True(mesh.Vertices[3 * v] <= 0.52 + h));
    }

    [Fact]
    public void Sphere_on_a_128_cubed_lattice_is_fast_and_closed()
    {
        const int n = 128;
        double h = 1.0 / (n - 1), r = 0.4;
        var values = Field(n, n, n, (0, 0, 0), (h, h, h), p => r - Distance(p, (0.5, 0.49, 0.51)));
        MarchingCubes.Extract(Field(8, 8, 8, (0, 0, 0), (1, 1, 1), p => 3 - Distance(p, (3.5, 3.5, 3.5))), 8, 8, 8, 0f, (0, 0, 0), (1, 1, 1)); // JIT warm-up

        var watch = Stopwatch.StartNew();
        var mesh = MarchingCubes.Extract(values, n, n, n, 0f, (0, 0, 0), (h, h, h));
        watch.Stop();

        Assert.True(watch.Elapsed.TotalSeconds < 2, $"took {watch.Elapsed.TotalSeconds:F2} s");
        AssertClosedAndOriented(mesh);
        Assert.Equal(2, EulerCharacteristic(mesh));
        Assert.InRange(mesh.SurfaceArea() / (4 * Math.PI * r * r), 0.995, 1.005);
    }

    [Fact]
    public void Lattices_without_cubes_give_an_empty_mesh_and_bad_arguments_are_rejected()
    {
        var empty = MarchingCubes.Extract([1f, -1f], 2, 1, 1, 0f, (0, 0, 0), (1, 1, 1));
        Assert.Equal(0, empty.VertexCount);
        Assert.Equal(0, empty.FaceCount);

        var wrongLength = Assert.Throws<ArgumentException>(() => MarchingCubes.Extract(new float[7], 2, 2, 2, 0f, (0, 0, 0), (1, 1, 1)));
        Assert.Contains("7 samples", wrongLength.Message);
        Assert.Throws<ArgumentException>(() => MarchingCubes.Extract(new float[8], 2, 2, 2, float.NaN, (0, 0, 0), (1, 1, 1)));
        Assert.Throws<ArgumentException>(() => MarchingCubes.Extract(new float[8], 2, 2, 2, 0f, (0, 0, 0), (1, 0, 1)));
        Assert.Throws<ArgumentException>(() => MarchingCubes.Extract(new float[8], 2, 2, 2, 0f, (double.NaN, 0, 0), (1, 1, 1)));
    }

    // ---- helpers ----

    private static float[] Field(int nx, int ny, int nz, (double X, double Y, double Z) origin, (double X, double Y, double Z) spacing,
        Func<(double X, double Y, double Z), double> f)
    {
        var values = new float[nx * ny * nz];
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++)
                    values[x + nx * (y + ny * z)] = (float)f((origin.X + x * spacing.X, origin.Y + y * spacing.Y, origin.Z + z * spacing.Z));
        return values;
    }

    private static double Distance((double X, double Y, double Z) p, (double X, double Y, double Z) q) =>
        Math.Sqrt((p.X - q.X) * (p.X - q.X) + (p.Y - q.Y) * (p.Y - q.Y) + (p.Z - q.Z) * (p.Z - q.Z));

    /// <summary>A 4^3 lattice: corner c of the cube at lattice (1, 1, 1) gets corner(c), every other point outside().</summary>
    private static float[] PaddedCube(int pattern, Func<int, float> corner, Func<float> outside)
    {
        var values = new float[64];
        for (int i = 0; i < 64; i++) values[i] = outside();
        for (int c = 0; c < 8; c++) values[(1 + (c & 1)) + 4 * ((1 + (c >> 1 & 1)) + 4 * (1 + (c >> 2 & 1)))] = corner(c);
        return values;
    }

    /// <summary>Lattice edges whose ends are on different sides of the level (inside = value &gt; level).</summary>
    private static int CrossedLatticeEdges(float[] values, int nx, int ny, int nz, float level)
    {
        int count = 0;
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++)
                {
                    bool inside = values[x + nx * (y + ny * z)] > level;
                    if (x + 1 < nx && inside != values[x + 1 + nx * (y + ny * z)] > level) count++;
                    if (y + 1 < ny && inside != values[x + nx * (y + 1 + ny * z)] > level) count++;
                    if (z + 1 < nz && inside != values[x + nx * (y + ny * (z + 1))] > level) count++;
                }
        return count;
    }

    /// <summary>Groups of inside cube corners connected through cube edges whose both ends are inside.</summary>
    private static int InsideCornerGroups(int pattern)
    {
        int groups = 0, seen = 0;
        for (int start = 0; start < 8; start++)
        {
            if ((pattern >> start & 1) == 0 || (seen >> start & 1) != 0) continue;
            groups++;
            var stack = new Stack<int>([start]);
            seen |= 1 << start;
            while (stack.Count > 0)
            {
                int c = stack.Pop();
                for (int axis = 0; axis < 3; axis++)
                {
                    int d = c ^ 1 << axis;
                    if ((pattern >> d & 1) != 0 && (seen >> d & 1) == 0) { seen |= 1 << d; stack.Push(d); }
                }
            }
        }
        return groups;
    }

    /// <summary>Cube faces whose corners alternate inside/outside around the face.</summary>
    private static int AmbiguousFaces(int pattern)
    {
        int count = 0;
        for (int axis = 0; axis < 3; axis++)
            for (int side = 0; side < 2; side++)
            {
                int u = 1 << (axis + 1) % 3, w = 1 << (axis + 2) % 3, b = side << axis;
                bool In(int c) => (pattern >> c & 1) != 0;
                if (In(b) == In(b | u | w) && In(b | u) == In(b | w) && In(b) != In(b | u)) count++;
            }
        return count;
    }

    /// <summary>Every directed edge of every face appears once and its reverse once: closed, 2-manifold along
    /// edges, consistently oriented; no face repeats a vertex.</summary>
    internal static void AssertClosedAndOriented(TriangleMesh mesh, string what = "mesh")
    {
        var directed = new HashSet<(int, int)>();
        for (int f = 0; f < mesh.FaceCount; f++)
        {
            int a = mesh.Faces[3 * f], b = mesh.Faces[3 * f + 1], c = mesh.Faces[3 * f + 2];
            Assert.True(a != b && b != c && c != a, $"{what}: face {f} repeats a vertex");
            foreach (var edge in new[] { (a, b), (b, c), (c, a) })
                Assert.True(directed.Add(edge), $"{what}: directed edge {edge} appears twice");
        }
        foreach (var (a, b) in directed)
            Assert.True(directed.Contains((b, a)), $"{what}: edge ({a}, {b}) has no opposite (open boundary or flipped face)");
        var used = new bool[mesh.VertexCount];
        foreach (int v in mesh.Faces) used[v] = true;
        Assert.True(used.All(u => u), $"{what}: unreferenced vertex");
    }

    /// <summary>V - E + F with E the undirected edges.</summary>
    internal static int EulerCharacteristic(TriangleMesh mesh)
    {
        var edges = new HashSet<(int, int)>();
        for (int f = 0; f < mesh.FaceCount; f++)
            for (int k = 0; k < 3; k++)
            {
                int a = mesh.Faces[3 * f + k], b = mesh.Faces[3 * f + (k + 1) % 3];
                edges.Add((Math.Min(a, b), Math.Max(a, b)));
            }
        return mesh.VertexCount - edges.Count + mesh.FaceCount;
    }

    /// <summary>Enclosed volume by the divergence theorem, sum of a . (b x c) / 6: positive for outward normals.</summary>
    internal static double SignedVolume(TriangleMesh mesh)
    {
        double total = 0;
        var p = mesh.Vertices;
        for (int f = 0; f < mesh.FaceCount; f++)
        {
            int a = 3 * mesh.Faces[3 * f], b = 3 * mesh.Faces[3 * f + 1], c = 3 * mesh.Faces[3 * f + 2];
            double cx = (double)p[b + 1] * p[c + 2] - (double)p[b + 2] * p[c + 1];
            double cy = (double)p[b + 2] * p[c] - (double)p[b] * p[c + 2];
            double cz = (double)p[b] * p[c + 1] - (double)p[b + 1] * p[c];
            total += p[a] * cx + p[a + 1] * cy + p[a + 2] * cz;
        }
        return total / 6;
    }

    private static (double X, double Y, double Z) FaceNormal(TriangleMesh mesh, int f)
    {
        var p = mesh.Vertices;
        int a = 3 * mesh.Faces[3 * f], b = 3 * mesh.Faces[3 * f + 1], c = 3 * mesh.Faces[3 * f + 2];
        double ux = p[b] - (double)p[a], uy = p[b + 1] - (double)p[a + 1], uz = p[b + 2] - (double)p[a + 2];
        double vx = p[c] - (double)p[a], vy = p[c + 1] - (double)p[a + 1], vz = p[c + 2] - (double)p[a + 2];
        return (uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx);
    }
}

public class TriangleMeshTests
{
    [Fact]
    public void KeepFaces_drops_faces_and_unused_vertices_and_remaps_indices_and_colours()
    {
        // Vertices 0..4 at x = 0..4; faces (0,1,2), (1,3,4), (2,3,4). Keeping faces 0 and 2 drops nothing;
        // keeping only face 1 keeps vertices 1, 3, 4 as 0, 1, 2.
        var vertices = new float[] { 0, 0, 0, 1, 0, 0, 2, 0, 0, 3, 0, 0, 4, 0, 0 };
        var colors = new byte[] { 0, 0, 0, 10, 11, 12, 20, 21, 22, 30, 31, 32, 40, 41, 42 };
        var mesh = new TriangleMesh(vertices, [0, 1, 2, 1, 3, 4, 2, 3, 4]).WithColors(colors);

        var kept = mesh.KeepFaces([false, true, false]);

        Assert.Equal(new float[] { 1, 0, 0, 3, 0, 0, 4, 0, 0 }, kept.Vertices);
        Assert.Equal(new[] { 0, 1, 2 }, kept.Faces);
        Assert.Equal(new byte[] { 10, 11, 12, 30, 31, 32, 40, 41, 42 }, kept.Colors);

        var two = mesh.KeepFaces([true, false, true]);
        Assert.Equal(5, two.VertexCount);
        Assert.Equal(new[] { 0, 1, 2, 2, 3, 4 }, two.Faces);

        var withoutFirst = new TriangleMesh(vertices, [0, 1, 2, 1, 3, 4, 2, 3, 4]).KeepFaces([false, true, true]);
        Assert.Equal(new float[] { 1, 0, 0, 2, 0, 0, 3, 0, 0, 4, 0, 0 }, withoutFirst.Vertices);
        Assert.Equal(new[] { 0, 2, 3, 1, 2, 3 }, withoutFirst.Faces);
        Assert.Null(withoutFirst.Colors);

        var none = mesh.KeepFaces([false, false, false]);
        Assert.Equal(0, none.VertexCount);
        Assert.Equal(0, none.FaceCount);
        Assert.Throws<ArgumentException>(() => mesh.KeepFaces([true]));
    }

    [Fact]
    public void Surface_area_of_known_triangles()
    {
        // A right triangle with legs 3 and 4 (area 6) and a unit right triangle tilted out of plane (area 0.5).
        var mesh = new TriangleMesh([0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 1, 0, 1, 1], [0, 1, 2, 0, 3, 4]);
        Assert.Equal(2, mesh.FaceCount);
        Assert.Equal(6.5, mesh.SurfaceArea(), 12);
    }

    [Fact]
    public void Constructor_and_colours_are_validated()
    {
        Assert.Contains("multiple of 3", Assert.Throws<ArgumentException>(() => new TriangleMesh(new float[4], [])).Message);
        Assert.Contains("multiple of 3", Assert.Throws<ArgumentException>(() => new TriangleMesh(new float[9], [0, 1])).Message);
        Assert.Contains("refers to vertex 3", Assert.Throws<ArgumentException>(() => new TriangleMesh(new float[9], [0, 1, 3])).Message);
        Assert.Throws<ArgumentException>(() => new TriangleMesh(new float[9], [0, 1, -1]));
        Assert.Throws<ArgumentException>(() => new TriangleMesh(new float[9], [0, 1, 2], new byte[6]));
        Assert.Throws<ArgumentException>(() => new TriangleMesh(new float[9], [0, 1, 2]).WithColors(new byte[10]));
    }
}
