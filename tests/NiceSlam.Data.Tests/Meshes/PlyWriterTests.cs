using System.Text;
using NiceSlam.Core.Meshing;
using NiceSlam.Data.Meshes;

namespace NiceSlam.Data.Tests.Meshes;

public sealed class PlyWriterTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "niceslam-ply-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    /// <summary>A tetrahedron, 4 vertices and 4 outward faces, with awkward float values.</summary>
    private static TriangleMesh Tetrahedron() => new(
        [1.5f, 0f, -0f, 0.1f, 2.25f, 0f, 0f, 0f, 3.000001f, -1e-7f, 1e7f, float.Epsilon],
        [0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3]);

    private static (string Header, byte[] Data) Split(byte[] file)
    {
        byte[] marker = Encoding.ASCII.GetBytes("end_header\n");
        int at = file.AsSpan().IndexOf(marker);
        Assert.True(at > 0, "no end_header");
        int end = at + marker.Length;
        return (Encoding.ASCII.GetString(file, 0, end), file[end..]);
    }

    [Fact]
    public void Round_trip_without_colours_keeps_vertices_and_faces_and_writes_the_documented_header()
    {
        string path = Path.Combine(folder, "sub", "mesh.ply");
        var mesh = Tetrahedron();

        PlyWriter.Write(path, mesh);
        var back = PlyWriter.Read(path);

        Assert.Equal(mesh.Vertices, back.Vertices);
        Assert.Equal(mesh.Faces, back.Faces);
        Assert.Null(back.Colors);
        var (header, data) = Split(File.ReadAllBytes(path));
        Assert.Equal(
            "ply\nformat binary_little_endian 1.0\ncomment NiceSlam.NET mesh\nelement vertex 4\n" +
            "property float x\nproperty float y\nproperty float z\nelement face 4\n" +
            "property list uchar int vertex_indices\nend_header\n", header);
        Assert.Equal(4 * 12 + 4 * 13, data.Length);
        // Little-endian: 1.5f = 0x3FC00000; the first face record is 03 | 0 | 2 | 1.
        Assert.Equal(new byte[] { 0x00, 0x00, 0xC0, 0x3F }, data[..4]);
        Assert.Equal(new byte[] { 3, 0, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0 }, data[48..61]);
    }

    [Fact]
    public void Round_trip_with_colours_keeps_colours_aligned_with_vertices()
    {
        string path = Path.Combine(folder, "coloured.ply");
        var mesh = Tetrahedron().WithColors([255, 0, 1, 2, 3, 4, 128, 64, 32, 0, 0, 255]);

        PlyWriter.Write(path, mesh);
        var back = PlyWriter.Read(path);

        Assert.Equal(mesh.Vertices, back.Vertices);
        Assert.Equal(mesh.Faces, back.Faces);
        Assert.Equal(mesh.Colors, back.Colors);
        var (header, data) = Split(File.ReadAllBytes(path));
        Assert.Contains("property float z\nproperty uchar red\nproperty uchar green\nproperty uchar blue\nelement face 4\n", header);
        Assert.Equal(4 * 15 + 4 * 13, data.Length);
        Assert.Equal(new byte[] { 255, 0, 1 }, data[12..15]); // after the first vertex's x, y, z
    }

    [Fact]
    public void Round_trip_of_a_marching_cubes_sphere_and_of_an_empty_mesh()
    {
        const int n = 24;
        var values = new float[n * n * n];
        for (int z = 0; z < n; z++)
            for (int y = 0; y < n; y++)
                for (int x = 0; x < n; x++)
                    values[x + n * (y + n * z)] = (float)(8 - Math.Sqrt((x - 11.3) * (x - 11.3) + (y - 12.1) * (y - 12.1) + (z - 11.7) * (z - 11.7)));
        var mesh = MarchingCubes.Extract(values, n, n, n, 0f, (-1, -2, -3), (0.05, 0.05, 0.05));
        Assert.True(mesh.FaceCount > 1000);
        string path = Path.Combine(folder, "sphere.ply");

        PlyWriter.Write(path, mesh);
        var back = PlyWriter.Read(path);

        Assert.Equal(mesh.Vertices, back.Vertices);
        Assert.Equal(mesh.Faces, back.Faces);

        string empty = Path.Combine(folder, "empty.ply");
        PlyWriter.Write(empty, TriangleMesh.Empty);
        var nothing = PlyWriter.Read(empty);
        Assert.Equal(0, nothing.VertexCount);
        Assert.Equal(0, nothing.FaceCount);
    }

    [Fact]
    public void Reads_ascii_ply_with_comments_crlf_and_faces_before_vertices()
    {
        string path = Path.Combine(folder, "ascii.ply");
        Directory.CreateDirectory(folder);
        File.WriteAllText(path,
            "ply\r\nformat ascii 1.0\r\ncomment made by hand\r\nelement face 2\r\nproperty list uint8 int32 vertex_index\r\n" +
            "element vertex 4\r\nproperty float32 x\r\nproperty float32 y\r\nproperty float32 z\r\n" +
            "property uchar red\r\nproperty uchar green\r\nproperty uchar blue\r\nend_header\r\n" +
            "3 0 1 2\r\n3 0 2 3\r\n\r\n0 0 0 10 20 30\r\n1 0 0 40 50 60\r\n1.5 2e-1 0 70 80 90\r\n-0.25 1 -3 255 0 7\r\n");

        var mesh = PlyWriter.Read(path);

        Assert.Equal(new float[] { 0, 0, 0, 1, 0, 0, 1.5f, 0.2f, 0, -0.25f, 1, -3 }, mesh.Vertices);
        Assert.Equal(new[] { 0, 1, 2, 0, 2, 3 }, mesh.Faces);
        Assert.Equal(new byte[] { 10, 20, 30, 40, 50, 60, 70, 80, 90, 255, 0, 7 }, mesh.Colors);
    }

    [Theory]
    [InlineData("solid cube\n", "not a PLY file")]
    [InlineData("ply\nformat binary_big_endian 1.0\nelement vertex 0\nproperty float x\nproperty float y\nproperty float z\nend_header\n", "binary_big_endian' is not supported")]
    [InlineData("ply\nformat ascii 1.0\nelement vertex 1\nproperty double x\nproperty float y\nproperty float z\nend_header\n0 0 0\n", "must be float")]
    [InlineData("ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty float y\nend_header\n0 0\n", "'x y z'")]
    [InlineData("ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty float y\nproperty float z\n", "without end_header")]
    [InlineData("ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\nelement face 1\nproperty list uchar int vertex_indices\nend_header\n0 0 0\n1 0 0\n0 1 0\n4 0 1 2 0\n", "triangles only")]
    [InlineData("ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\nelement face 1\nproperty list uchar int vertex_indices\nend_header\n0 0 0\n1 0 0\n0 1 0\n3 0 1 3\n", "refers to vertex 3")]
    [InlineData("ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\nend_header\n0 0 0\n1 zero 0\n0 1 0\n", "not a number")]
    [InlineData("ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\nend_header\n0 0 0\n1 0 0\n0 1 0 1\n", "expected 3")]
    [InlineData("ply\nformat ascii 1.0\nelement edge 1\nend_header\n", "element 'edge' is not supported")]
    public void Malformed_files_are_invalid_data_naming_the_file(string content, string problem)
    {
        string path = Path.Combine(folder, "bad.ply");
        Directory.CreateDirectory(folder);
        File.WriteAllText(path, content);

        var error = Assert.Throws<InvalidDataException>(() => PlyWriter.Read(path));

        Assert.StartsWith(path + ":", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Truncated_binary_file_and_bad_face_size_are_reported()
    {
        string path = Path.Combine(folder, "mesh.ply");
        PlyWriter.Write(path, Tetrahedron());
        byte[] file = File.ReadAllBytes(path);

        string truncated = Path.Combine(folder, "truncated.ply");
        File.WriteAllBytes(truncated, file[..^5]);
        var error = Assert.Throws<InvalidDataException>(() => PlyWriter.Read(truncated));
        Assert.StartsWith(truncated + ":", error.Message);
        Assert.Contains("truncated", error.Message);

        // The first face record's count byte follows the 4 vertices (48 bytes) after the header.
        string quad = Path.Combine(folder, "quad.ply");
        int headerLength = Split(file).Header.Length;
        file[headerLength + 48] = 4;
        File.WriteAllBytes(quad, file);
        error = Assert.Throws<InvalidDataException>(() => PlyWriter.Read(quad));
        Assert.StartsWith(quad + ":", error.Message);
        Assert.Contains("face 0 has 4 vertices", error.Message);
    }

    [Fact]
    public void Missing_file_names_the_path()
    {
        var error = Assert.Throws<FileNotFoundException>(() => PlyWriter.Read("/nonexistent/mesh.ply"));
        Assert.Contains("/nonexistent/mesh.ply", error.Message);
    }
}
