using System.Globalization;
using OpenCvSharp;

namespace NiceSlam.Data.Tests.Datasets;

/// <summary>A temporary folder for hand-made dataset fixtures (tiny images written with OpenCV, text files),
/// deleted on dispose.</summary>
internal sealed class DatasetFixture : IDisposable
{
    public DatasetFixture(string name = "dataset")
    {
        Root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "niceslam-data-tests", Guid.NewGuid().ToString("N"), name);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string Path(string relative) => System.IO.Path.Combine(Root, relative);

    public string Text(string relative, string text)
    {
        string path = Prepare(relative);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A BGR colour image whose pixel (x, y) is B = x*10+seed, G = y*10, R = 200 (PNG or JPEG by extension).</summary>
    public string Color(string relative, int width = 8, int height = 6, byte seed = 0)
    {
        using var mat = new Mat(height, width, MatType.CV_8UC3);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                mat.Set(y, x, new Vec3b((byte)(x * 10 + seed), (byte)(y * 10), 200));
        return Write(relative, mat);
    }

    /// <summary>A 16-bit depth image with raw value (x, y) = f(x, y), default 1000 + 100 x + 10 y.</summary>
    public string Depth(string relative, int width = 8, int height = 6, Func<int, int, ushort>? raw = null)
    {
        raw ??= (x, y) => (ushort)(1000 + 100 * x + 10 * y);
        using var mat = new Mat(height, width, MatType.CV_16UC1);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                mat.Set(y, x, raw(x, y));
        return Write(relative, mat);
    }

    /// <summary>An 8-bit single-channel image (the usual wrong depth file).</summary>
    public string Gray8(string relative, int width = 8, int height = 6)
    {
        using var mat = new Mat(height, width, MatType.CV_8UC1, Scalar.All(77));
        return Write(relative, mat);
    }

    public string Bytes(string relative, byte[] bytes)
    {
        string path = Prepare(relative);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public static string Matrix(params double[] values)
    {
        int columns = values.Length == 9 ? 3 : 4;
        return string.Join("\n", values.Chunk(columns).Select(row => string.Join(" ", row.Select(v => v.ToString("R", CultureInfo.InvariantCulture))))) + "\n";
    }

    public void Dispose()
    {
        try { Directory.Delete(System.IO.Path.GetDirectoryName(Root)!, true); } catch (IOException) { }
    }

    private string Write(string relative, Mat mat)
    {
        string path = Prepare(relative);
        if (!Cv2.ImWrite(path, mat)) throw new InvalidOperationException($"could not write {path}");
        return path;
    }

    private string Prepare(string relative)
    {
        string path = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        return path;
    }
}
