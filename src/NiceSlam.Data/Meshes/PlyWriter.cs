using System.Globalization;
using System.Text;
using NiceSlam.Core.Meshing;
using NiceSlam.Shared;

namespace NiceSlam.Data.Meshes;

/// <summary>
/// Triangle meshes as PLY files. <see cref="Write(string, TriangleMesh)"/> writes
/// <code>
/// ply
/// format binary_little_endian 1.0
/// comment NiceSlam.NET mesh
/// element vertex V
/// property float x
/// property float y
/// property float z
/// property uchar red        (these three only when the mesh has colours)
/// property uchar green
/// property uchar blue
/// element face F
/// property list uchar int vertex_indices
/// end_header
/// </code>
/// followed by V records (3 float32 [+ 3 uint8]) and F records (uint8 3, 3 int32), all little-endian.
/// <see cref="Read(string)"/> reads that layout back, binary little-endian or "format ascii 1.0" (one element per
/// line), with the elements in either order and the face element optional; anything else is an
/// <see cref="InvalidDataException"/> whose message starts with the file's path.
/// </summary>
public static class PlyWriter
{
    private const int MaxHeaderBytes = 1 << 20;

    /// <summary>Writes <paramref name="mesh"/> to <paramref name="path"/> (binary little-endian PLY), creating the folder;
    /// the file is replaced all at once (<see cref="AtomicFile"/>).</summary>
    public static void Write(string path, TriangleMesh mesh)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(mesh);
        AtomicFile.Write(path, stream => Write(stream, mesh));
    }

    /// <summary>Writes <paramref name="mesh"/> as binary little-endian PLY to <paramref name="stream"/> (left open).</summary>
    public static void Write(Stream stream, TriangleMesh mesh)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(mesh);
        var header = new StringBuilder();
        header.Append("ply\n");
        header.Append("format binary_little_endian 1.0\n");
        header.Append("comment NiceSlam.NET mesh\n");
        header.Append(CultureInfo.InvariantCulture, $"element vertex {mesh.VertexCount}\n");
        header.Append("property float x\nproperty float y\nproperty float z\n");
        if (mesh.Colors is not null) header.Append("property uchar red\nproperty uchar green\nproperty uchar blue\n");
        header.Append(CultureInfo.InvariantCulture, $"element face {mesh.FaceCount}\n");
        header.Append("property list uchar int vertex_indices\n");
        header.Append("end_header\n");

        using var writer = new BinaryWriter(stream, Encoding.ASCII, leaveOpen: true); // BinaryWriter is little-endian
        writer.Write(Encoding.ASCII.GetBytes(header.ToString()));
        float[] v = mesh.Vertices;
        byte[]? colors = mesh.Colors;
        for (int i = 0; i < mesh.VertexCount; i++)
        {
            writer.Write(v[3 * i]);
            writer.Write(v[3 * i + 1]);
            writer.Write(v[3 * i + 2]);
            if (colors is not null) writer.Write(colors, 3 * i, 3);
        }
        int[] faces = mesh.Faces;
        for (int f = 0; f < mesh.FaceCount; f++)
        {
            writer.Write((byte)3);
            writer.Write(faces[3 * f]);
            writer.Write(faces[3 * f + 1]);
            writer.Write(faces[3 * f + 2]);
        }
        writer.Flush();
    }

    /// <summary>Reads a PLY file in the layout <see cref="Write(string, TriangleMesh)"/> writes (binary little-endian or ascii).</summary>
    public static TriangleMesh Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: PLY file not found", path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(stream, path);
    }

    /// <summary>Reads a PLY mesh from <paramref name="stream"/>; <paramref name="source"/> names it in error messages.</summary>
    public static TriangleMesh Read(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = ReadHeader(stream, source);
        // Smallest possible data: binary 12 (15 with colours) bytes a vertex, 13 a face; ascii "0 0 0\n", "3 0 0 0\n".
        long needed = header.Ascii
            ? 6L * header.Vertices + 8L * header.Faces
            : (long)header.Vertices * (header.HasColors ? 15 : 12) + 13L * header.Faces;
        if (stream.CanSeek && stream.Length - stream.Position < needed)
            throw new InvalidDataException($"{source}: truncated: {header.Vertices} vertices and {header.Faces} faces need at least {needed} bytes of data, the file has {stream.Length - stream.Position}");
        float[] vertices = new float[3 * header.Vertices];
        byte[]? colors = header.HasColors ? new byte[3 * header.Vertices] : null;
        int[] faces = new int[3 * header.Faces];
        try
        {
            if (header.Ascii) ReadAscii(stream, source, header, vertices, colors, faces);
            else ReadBinary(stream, source, header, vertices, colors, faces);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"{source}: truncated: the data ends before {header.Vertices} vertices and {header.Faces} faces", e);
        }
        try
        {
            return new TriangleMesh(vertices, faces, colors);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{source}: {e.Message}", e);
        }
    }

    private sealed record Header(bool Ascii, int Vertices, int Faces, bool HasColors, bool VerticesFirst);

    private static Header ReadHeader(Stream stream, string source)
    {
        string Line(int number)
        {
            var bytes = new List<byte>();
            while (true)
            {
                int b = stream.ReadByte();
                if (b < 0) throw new InvalidDataException($"{source}: not a PLY file: the header ends at line {number} without end_header");
                if (b == '\n') break;
                bytes.Add((byte)b);
                if (bytes.Count > MaxHeaderBytes || (stream.CanSeek && stream.Position > MaxHeaderBytes))
                    throw new InvalidDataException($"{source}: not a PLY file: no end_header in the first {MaxHeaderBytes} bytes");
            }
            return Encoding.ASCII.GetString([.. bytes]).TrimEnd('\r');
        }
        InvalidDataException Bad(int number, string problem) => new($"{source}: header line {number}: {problem}");

        if (Line(1) != "ply") throw new InvalidDataException($"{source}: not a PLY file (the first line is not 'ply')");
        bool? ascii = null;
        int vertices = -1, faces = -1;
        var vertexProperties = new List<string>();
        bool faceList = false, verticesFirst = true;
        string? element = null;
        for (int number = 2; ; number++)
        {
            string line = Line(number);
            string[] t = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (t.Length == 0 || t[0] is "comment" or "obj_info") continue;
            switch (t[0])
            {
                case "format":
                    if (t.Length != 3 || t[2] != "1.0") throw Bad(number, $"expected 'format <kind> 1.0', got '{line}'");
                    ascii = t[1] switch
                    {
                        "binary_little_endian" => false,
                        "ascii" => true,
                        _ => throw Bad(number, $"format '{t[1]}' is not supported (binary_little_endian or ascii)"),
                    };
                    break;
                case "element":
                    if (t.Length != 3 || !int.TryParse(t[2], NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count > int.MaxValue / 3)
                        throw Bad(number, $"expected 'element <name> <count>' with a count of at most {int.MaxValue / 3}, got '{line}'");
                    element = t[1];
                    if (element == "vertex" && vertices < 0) vertices = count;
                    else if (element == "face" && faces < 0)
                    {
                        faces = count;
                        verticesFirst = vertices >= 0;
                    }
                    else throw Bad(number, $"element '{element}' is not supported (one vertex and one face element)");
                    break;
                case "property":
                    if (element == "vertex")
                    {
                        if (t.Length != 3) throw Bad(number, $"expected 'property <type> <name>' for a vertex, got '{line}'");
                        string expected = vertexProperties.Count < 3 ? "float" : "uchar";
                        if (NormaliseType(t[1]) != expected) throw Bad(number, $"vertex property '{t[2]}' must be {expected}, got {t[1]}");
                        vertexProperties.Add(t[2]);
                    }
                    else if (element == "face")
                    {
                        if (faceList || t.Length != 5 || t[1] != "list" || NormaliseType(t[2]) != "uchar" || NormaliseType(t[3]) != "int"
                            || t[4] is not ("vertex_indices" or "vertex_index"))
                            throw Bad(number, $"the face element must have the single property 'list uchar int vertex_indices', got '{line}'");
                        faceList = true;
                    }
                    else throw Bad(number, "property before any element");
                    break;
                case "end_header":
                    if (ascii is null) throw Bad(number, "no format line before end_header");
                    if (vertices < 0) throw Bad(number, "no vertex element");
                    string names = string.Join(" ", vertexProperties);
                    if (names is not ("x y z" or "x y z red green blue"))
                        throw Bad(number, $"vertex properties must be 'x y z' or 'x y z red green blue', got '{names}'");
                    if (faces > 0 && !faceList) throw Bad(number, "the face element has no vertex_indices property");
                    return new Header(ascii.Value, vertices, Math.Max(faces, 0), vertexProperties.Count == 6, verticesFirst);
                default:
                    throw Bad(number, $"unexpected '{t[0]}'");
            }
        }
    }

    private static string NormaliseType(string type) => type switch
    {
        "float32" => "float",
        "uint8" => "uchar",
        "int32" => "int",
        _ => type,
    };

    private static void ReadBinary(Stream stream, string source, Header header, float[] vertices, byte[]? colors, int[] faces)
    {
        using var reader = new BinaryReader(stream, Encoding.ASCII, leaveOpen: true); // BinaryReader is little-endian
        void ReadVertices()
        {
            for (int i = 0; i < header.Vertices; i++)
            {
                vertices[3 * i] = reader.ReadSingle();
                vertices[3 * i + 1] = reader.ReadSingle();
                vertices[3 * i + 2] = reader.ReadSingle();
                if (colors is not null && reader.Read(colors, 3 * i, 3) != 3) throw new EndOfStreamException();
            }
        }
        void ReadFaces()
        {
            for (int f = 0; f < header.Faces; f++)
            {
                byte n = reader.ReadByte();
                if (n != 3) throw new InvalidDataException($"{source}: face {f} has {n} vertices; only triangles are supported");
                faces[3 * f] = reader.ReadInt32();
                faces[3 * f + 1] = reader.ReadInt32();
                faces[3 * f + 2] = reader.ReadInt32();
            }
        }
        if (header.VerticesFirst) { ReadVertices(); ReadFaces(); }
        else { ReadFaces(); ReadVertices(); }
    }

    private static void ReadAscii(Stream stream, string source, Header header, float[] vertices, byte[]? colors, int[] faces)
    {
        using var reader = new StreamReader(stream, Encoding.ASCII, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        int lineNumber = 0;
        string[] NextLine()
        {
            while (true)
            {
                string? line = reader.ReadLine() ?? throw new EndOfStreamException();
                lineNumber++;
                var tokens = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (tokens.Length > 0) return tokens;
            }
        }
        InvalidDataException Bad(string problem) => new($"{source}: data line {lineNumber} after the header: {problem}");
        void ReadVertices()
        {
            int expected = colors is null ? 3 : 6;
            for (int i = 0; i < header.Vertices; i++)
            {
                var t = NextLine();
                if (t.Length != expected) throw Bad($"vertex {i} has {t.Length} values, expected {expected}");
                for (int k = 0; k < 3; k++)
                    if (!float.TryParse(t[k], NumberStyles.Float, CultureInfo.InvariantCulture, out vertices[3 * i + k]))
                        throw Bad($"vertex {i}: '{t[k]}' is not a number");
                for (int k = 0; colors is not null && k < 3; k++)
                    if (!byte.TryParse(t[3 + k], NumberStyles.None, CultureInfo.InvariantCulture, out colors[3 * i + k]))
                        throw Bad($"vertex {i}: colour '{t[3 + k]}' is not an integer 0..255");
            }
        }
        void ReadFaces()
        {
            for (int f = 0; f < header.Faces; f++)
            {
                var t = NextLine();
                if (t[0] != "3" || t.Length != 4) throw Bad($"face {f} must be '3 a b c' (triangles only), got '{string.Join(" ", t)}'");
                for (int k = 0; k < 3; k++)
                    if (!int.TryParse(t[1 + k], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out faces[3 * f + k]))
                        throw Bad($"face {f}: '{t[1 + k]}' is not an integer");
            }
        }
        if (header.VerticesFirst) { ReadVertices(); ReadFaces(); }
        else { ReadFaces(); ReadVertices(); }
    }
}
