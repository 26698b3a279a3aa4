using System.Buffers.Binary;
using System.Globalization;
using NiceSlam.Bags.Mcap;
using NiceSlam.Data.Datasets;
using NiceSlam.Data.Images;
using OpenCvSharp;
using Range = System.Range;

namespace NiceSlam.Fuzzing.Targets;

/// <summary>
/// The dataset readers on tiny folders of every layout (TUM RGB-D, 7-Scenes, Replica, ScanNet, generic folder; three
/// 8x6 frames numbered from 300): one file of one folder is replaced by a mutated copy, the folder is opened as its
/// users open it (layout detection; Replica with its camera file) and every frame read, then the file is put back.
/// Text files (file lists, ground truth, poses, intrinsics, camera.yaml) mutate as text; PNG images by chunks
/// (records), chunk lengths and IHDR size (length fields), the ".png+crc" variants with their chunk CRCs recomputed
/// after mutation so that libpng parses what was mutated; JPEG images as bytes. Clean: <see cref="DatasetException"/>
/// naming a file in the folder.
/// </summary>
public sealed class DatasetFolderTarget : FuzzTarget
{
    private const int Width = 8, Height = 6, First = 300, Frames = 3;
    private readonly List<FuzzSeed> seeds = [];
    private readonly Dictionary<string, byte[]> originals = [];

    public DatasetFolderTarget()
    {
        OpenCvRuntime.EnsureLoaded();
        WriteTum();
        WriteSevenScenes();
        WriteReplica();
        WriteScanNet();
        WriteFolder();
        foreach (var (variant, bytes) in originals.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            string extension = Path.GetExtension(variant);
            if (extension == ".png")
            {
                seeds.Add(PngSeed(variant, bytes));
                seeds.Add(PngSeed(variant + "+crc", bytes));
            }
            else if (extension == ".jpg") seeds.Add(new FuzzSeed(variant, bytes));
            else seeds.Add(new FuzzSeed(variant, bytes, SeedFormat.Text));
        }
    }

    public override string Name => "datasets";

    public override string Description => "dataset folders (TUM, 7-Scenes, Replica, ScanNet, generic) with one text file or image mutated, every frame read";

    public override string CleanRejection => nameof(DatasetException);

    public override IReadOnlyList<FuzzSeed> Seeds => seeds;

    public override bool CallsNativeCode => true;

    /// <summary>Images decode to a few times their (compressed) size; OpenCV's own buffers are native and not counted.</summary>
    public override long AllocationFactor => 64;

    public override FuzzCase Next(Mutation.Mutator mutator)
    {
        var seed = seeds[mutator.Random.Next(seeds.Count)];
        byte[] data = mutator.Mutate(seed);
        return new FuzzCase(seed.Variant, seed.Variant.EndsWith("+crc", StringComparison.Ordinal) ? WithChunkCrcs(data) : data);
    }

    public override void Run(FuzzCase input)
    {
        string relative = input.Variant.EndsWith("+crc", StringComparison.Ordinal) ? input.Variant[..^4] : input.Variant;
        string layout = relative.Split('/')[0];
        string file = Path.Combine(WorkFolder, relative);
        File.WriteAllBytes(file, input.Data);
        try
        {
            string folder = Path.Combine(WorkFolder, layout);
            IRgbdDataset dataset = layout == "replica" ? new ReplicaDataset(folder, "camera.yaml") : DatasetFactory.Open(folder);
            for (int i = 0; i < dataset.Count; i++) _ = dataset.ReadFrame(i);
        }
        finally
        {
            File.WriteAllBytes(file, originals[relative]);
        }
    }

    public override bool IsCleanRejection(Exception error, FuzzCase input) =>
        error is DatasetException d && d.Path.StartsWith(Path.Combine(WorkFolder, input.Variant.Split('/')[0]), StringComparison.Ordinal) && d.Problem.Length > 0;

    // ---- the folders -------------------------------------------------------------------------------------------

    private void WriteTum()
    {
        string rgb = "# colour images\n", depth = "# depth images\n", truth = "# timestamp tx ty tz qx qy qz qw\n";
        for (int i = 0; i < Frames; i++)
        {
            double t = 1305031102.175304 + i / 30.0;
            rgb += Invariant($"{t:F6} rgb/{t:F6}.png\n");
            depth += Invariant($"{t + 0.004:F6} depth/{t + 0.004:F6}.png\n");
            truth += Invariant($"{t:F4} {0.1 * i} 0.2 1.5 0 0 0 1\n");
            WriteColor($"tum/rgb/{t:F6}.png", i, keep: i == 0);
            WriteDepth($"tum/depth/{t + 0.004:F6}.png", 5000, i, keep: i == 0);
        }
        Text("tum/rgb.txt", rgb);
        Text("tum/depth.txt", depth);
        Text("tum/groundtruth.txt", truth);
        Text("tum/camera.yaml", "width: 8\nheight: 6\nfx: 6.5\nfy: 6.5\ncx: 3.9\ncy: 2.9\ndistortion: [0.1, -0.2, 0, 0, 0.05]\ndepth_scale: 5000\n");
    }

    private void WriteSevenScenes()
    {
        for (int i = 0; i < Frames; i++)
        {
            int n = First + i;
            WriteColor($"7scenes/frame-{n:D6}.color.png", i, keep: i == 0);
            WriteDepth($"7scenes/frame-{n:D6}.depth.png", 1000, i, keep: i == 0);
            Text($"7scenes/frame-{n:D6}.pose.txt", Pose(i, " "), keep: i == 0);
        }
        Text("7scenes/camera-intrinsics.txt", "6.5 0 4\n0 6.5 3\n0 0 1\n");
    }

    private void WriteReplica()
    {
        string trajectory = "";
        for (int n = 0; n < First + Frames; n++) trajectory += Pose(n - First, " ").Replace('\n', ' ').Trim() + "\n";
        for (int i = 0; i < Frames; i++)
        {
            WriteColor($"replica/results/frame{First + i:D6}.jpg", i, keep: i == 0);
            WriteDepth($"replica/results/depth{First + i:D6}.png", 6553.5, i, keep: i == 0);
        }
        Text("replica/traj.txt", trajectory);
        Text("replica/camera.yaml", "width: 8\nheight: 6\nfx: 6\nfy: 6\ncx: 3.5\ncy: 2.5\ndepth_scale: 6553.5\n");
    }

    private void WriteScanNet()
    {
        for (int i = 0; i < Frames; i++)
        {
            int n = First + i;
            WriteColor($"scannet/color/{n}.jpg", i, keep: i == 0, scale: 2);
            WriteDepth($"scannet/depth/{n}.png", 1000, i, keep: i == 0);
            Text($"scannet/pose/{n}.txt", i == 1 ? "-inf -inf -inf -inf\n-inf -inf -inf -inf\n-inf -inf -inf -inf\n-inf -inf -inf -inf\n" : Pose(i, " "), keep: i != 2);
        }
        Text("scannet/intrinsic/intrinsic_color.txt", "13 0 8 0\n0 13 6 0\n0 0 1 0\n0 0 0 1\n");
    }

    private void WriteFolder()
    {
        string truth = "";
        for (int i = 0; i < Frames; i++)
        {
            WriteColor($"folder/rgb/{First + i:D6}.png", i, keep: i == 0);
            WriteDepth($"folder/depth/{First + i:D6}.png", 1000, i, keep: i == 0);
            truth += Invariant($"{(First + i) / 30.0:F6} {0.1 * i} 0 0 0 0 0 1\n");
        }
        Text("folder/camera.yaml", "%YAML:1.0\nCamera.fx: 6.5\nCamera.fy: 6.5\nCamera.cx: 4\nCamera.cy: 3\nCamera.fps: 30\nDepthMapFactor: 1000\n");
        Text("folder/groundtruth.txt", truth);
    }

    private static string Pose(int i, string separator) =>
        Invariant($"1{separator}0{separator}0{separator}{0.1 * i}\n0{separator}1{separator}0{separator}0.2\n0{separator}0{separator}1{separator}1.5\n0{separator}0{separator}0{separator}1\n");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Writes a file; <paramref name="keep"/> makes it a seed (its original is what each run restores).</summary>
    private void Text(string relative, string text, bool keep = true) => Save(relative, System.Text.Encoding.UTF8.GetBytes(text), keep);

    private void Save(string relative, byte[] bytes, bool keep)
    {
        string path = Path.Combine(WorkFolder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        if (keep) originals[relative] = bytes;
    }

    private void WriteColor(string relative, int frame, bool keep, int scale = 1)
    {
        int rows = Height * scale, cols = Width * scale;
        using var image = new Mat(rows, cols, MatType.CV_8UC3);
        for (int y = 0; y < rows; y++)
            for (int x = 0; x < cols; x++)
                image.Set(y, x, new Vec3b((byte)(x * 20 + frame), (byte)(y * 30), (byte)(100 + frame * 10)));
        Save(relative, image.ImEncode(Path.GetExtension(relative)), keep);
    }

    private void WriteDepth(string relative, double unitsPerMetre, int frame, bool keep)
    {
        using var image = new Mat(Height, Width, MatType.CV_16UC1);
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < Width; x++)
                image.Set(y, x, (ushort)Math.Min(65000, (1.0 + 0.05 * x + 0.01 * frame) * unitsPerMetre));
        Save(relative, image.ImEncode(".png"), keep);
    }

    // ---- PNG chunks --------------------------------------------------------------------------------------------

    private static IEnumerable<(int Offset, int Length)> Chunks(byte[] png)
    {
        int position = 8;
        while (position + 12 <= png.Length)
        {
            uint length = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(position));
            if (length > png.Length - position - 12) yield break;
            yield return (position, (int)length);
            position += 12 + (int)length;
        }
    }

    private static FuzzSeed PngSeed(string variant, byte[] png)
    {
        var chunks = Chunks(png).ToList();
        var lengths = chunks.Select(c => new LengthField(c.Offset, 4, BigEndian: true)).ToList();
        lengths.Add(new LengthField(16, 4, BigEndian: true));    // IHDR width
        lengths.Add(new LengthField(20, 4, BigEndian: true));    // IHDR height
        return new FuzzSeed(variant, png, SeedFormat.Binary, [.. chunks.Select(c => new Range(c.Offset, c.Offset + 12 + c.Length))], lengths);
    }

    /// <summary>Recomputes the CRC of every chunk that still lies within the file.</summary>
    private static byte[] WithChunkCrcs(byte[] png)
    {
        var copy = (byte[])png.Clone();
        foreach (var (offset, length) in Chunks(copy).ToList())
            BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(offset + 8 + length), Crc32.Compute(copy.AsSpan(offset + 4, 4 + length)));
        return copy;
    }
}
