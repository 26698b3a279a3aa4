using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using NiceSlam.Core.Decoders;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Map;
using NiceSlam.Core.Rendering;
using NiceSlam.Core.Slam;
using NiceSlam.Data.Maps;
using NiceSlam.Data.Synthetic;
using NiceSlam.Tests;
using static TorchSharp.torch;

namespace NiceSlam.Data.Tests.Maps;

/// <summary>One tiny SLAM run (5 synthetic 80x60 frames, 3 mapping iterations) saved once, shared by the tests.</summary>
public sealed class MappedSyntheticRun : IDisposable
{
    public MappedSyntheticRun()
    {
        Sequence = new SyntheticSequence(new SyntheticSequenceOptions { Width = 80, Height = 60, FrameCount = 5 });
        System = NewSystem();
        StrictDriver.Run(System, Enumerable.Range(0, Sequence.Count).Select(Sequence.ReadFrame));
        State = System.ExportState();
        MapFile.Save(State, Path.Combine(Folder, "map.nslam"));
    }

    public static SlamOptions Options() => new()
    {
        Rendering = { StratifiedSamples = 8, NearSurfaceSamples = 4 },
        Tracking = { Pixels = 64, Iterations = 3 },
        Mapping = { Pixels = 128, Iterations = 3, FirstFrameIterations = 5, Every = 2, CoarseIterations = 1 },
        Keyframes = { Every = 2, OverlapPixels = 16 },
    };

    public static SlamSystem NewSystem(ulong decoderSeed = 1) => new(Options(), new NiceDecoders(new Generator(decoderSeed)));

    public string Folder { get; } = Directory.CreateTempSubdirectory("niceslam-map-").FullName;
    public string SavedPath => Path.Combine(Folder, "map.nslam");
    public SyntheticSequence Sequence { get; }
    public SlamSystem System { get; }
    public SlamState State { get; }

    /// <summary>Depth rendered from a system's published map at a fixed pose (every 7th valid pixel of frame 2).</summary>
    public float[] RenderDepth(SlamSystem system)
    {
        using var view = new FrameTensors(Sequence.ReadFrame(2), CPU);
        var pose = Sequence.PoseOf(2) * RigidTransform.FromAxisAngle(0, 1, 0, 0.03, 0.01, 0, 0);
        using var lease = system.AcquireMap()!;
        using var scope = NewDisposeScope();
        return FrameRenderer.Render(lease.Snapshot.Map, view, pose, new RaySampling(8, 4), stride: 7).Depth.data<float>().ToArray();
    }

    public void Dispose()
    {
        System.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}

public class MapFileTests(MappedSyntheticRun run) : IClassFixture<MappedSyntheticRun>
{
    private string Copy(string name, Func<byte[], byte[]> change)
    {
        string path = Path.Combine(run.Folder, name);
        File.WriteAllBytes(path, change(File.ReadAllBytes(run.SavedPath)));
        return path;
    }

    [Fact]
    public void The_header_is_magic_version_length_and_the_payload_checksum()
    {
        // Layout by hand: 8 bytes "NSLAMMAP", uint32 LE version at 8, uint64 LE payload length at 12, SHA-256 at
        // 20..52, payload from 52 to the end.
        byte[] bytes = File.ReadAllBytes(run.SavedPath);
        Assert.Equal("NSLAMMAP", Encoding.ASCII.GetString(bytes, 0, 8));
        Assert.Equal([1, 0, 0, 0], bytes[8..12]);
        Assert.Equal((ulong)(bytes.Length - 52), BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(12)));
        Assert.Equal(SHA256.HashData(bytes.AsSpan(52)), bytes[20..52]);
        // Float blobs, not per-value encoding: the payload is barely larger than the grids' raw floats.
        long rawFloats = run.State.Grids.Sum(g => (long)g.Grid.Values.Length) * 4;
        Assert.InRange(bytes.Length - 52, rawFloats, rawFloats * 2 + 10_000_000);
        Assert.False(File.Exists(run.SavedPath + ".tmp"));
    }

    [Fact]
    public void A_loaded_map_in_a_new_system_renders_the_same_and_holds_the_same_values()
    {
        var loaded = MapFile.Load(run.SavedPath);
        using var target = MappedSyntheticRun.NewSystem(decoderSeed: 5);
        target.ImportState(loaded);
        var after = target.ExportState();

        Assert.Equal(run.State.Bounds, after.Bounds);
        foreach (var ((name, expected), (_, actual)) in run.State.Grids.Zip(after.Grids))
        {
            Assert.Equal(expected.VoxelSize, actual.VoxelSize);
            Assert.NotNull(actual.Bounds);
            Assert.Equal(expected.Bounds, actual.Bounds);                      // each grid's own bounds (a grown coarse grid's too)
            Assert.Equal(expected.Shape, actual.Shape);
            Assert.True(expected.Values.AsSpan().SequenceEqual(actual.Values), $"{name} grid differs");
        }
        Assert.Equal(run.State.Decoders.Select(p => (p.Name, string.Join(",", p.Shape))), after.Decoders.Select(p => (p.Name, string.Join(",", p.Shape))));
        Assert.All(run.State.Decoders.Zip(after.Decoders), p => Assert.True(p.First.Values.AsSpan().SequenceEqual(p.Second.Values), p.First.Name));

        var expectedDepth = run.RenderDepth(run.System);
        var actualDepth = run.RenderDepth(target);
        Assert.True(expectedDepth.Length > 20);
        Assert.Equal(expectedDepth.Length, actualDepth.Length);
        Assert.All(expectedDepth.Zip(actualDepth), p => Assert.Equal(p.First, p.Second, 1e-5f));

        using (var expected = run.System.AcquireMap()!)
        using (var actual = target.AcquireMap()!)
            Assert.Equal(expected.Snapshot.Keyframes.Select(k => (k.Frame.Index, k.CameraToWorld)), actual.Snapshot.Keyframes.Select(k => (k.Frame.Index, k.CameraToWorld)));
        Assert.All(run.State.Keyframes.Zip(after.Keyframes), p =>
        {
            Assert.Equal(p.First.Intrinsics, p.Second.Intrinsics);
            Assert.True(p.First.Depth.AsSpan().SequenceEqual(p.Second.Depth));
            Assert.True(p.First.Color.AsSpan().SequenceEqual(p.Second.Color));
        });
        Assert.Equal(run.System.Trajectory, target.Trajectory);
        Assert.Equal(5, loaded.Trajectory.Count);
        Assert.Equal(run.State.Intrinsics, loaded.Intrinsics);
        Assert.Equal(run.State.AcceptedFrames, loaded.AcceptedFrames);
        Assert.Equal(run.State.LastTimestamp, loaded.LastTimestamp);
        // The options travel with the map.
        Assert.Equal(3, loaded.Options.Mapping.Iterations);
        Assert.Equal(run.State.Options.Map.Bounds, loaded.Options.Map.Bounds);
        Assert.Equal(run.State.Options.Sync, loaded.Options.Sync);
        Assert.All(SlamSetting.All, s => Assert.Equal(s.Get(run.State.Options), s.Get(loaded.Options)));
    }

    [Fact]
    public void A_map_written_with_the_flat_options_of_before_the_groups_reads_them_into_the_groups()
    {
        // What a map file written before the settings were grouped holds: every setting at the top level, by its flat name.
        var options = run.State.Options.Clone();
        (options.Mapping.Iterations, options.Map.Grow, options.Odometry.Levels, options.Tracking.FrontEnd) = (7, false, 4, Core.Tracking.TrackingFrontEnd.Render);
        options.Map.Bounds = new Bounds3(-1, -2, -3, 4, 5, 6);
        string flat = System.Text.Json.JsonSerializer.Serialize(SlamSetting.All.ToDictionary(s => s.FlatName, s => s.Get(options)));
        Assert.Contains("\"MappingIterations\":7", flat);
        var document = MapDocument.FromState(run.State);
        document.OptionsJson = flat;
        var read = document.ToState().Options;
        Assert.All(SlamSetting.All, s => Assert.Equal(s.Get(options), s.Get(read)));
    }

    [Fact]
    public void A_grown_coarse_grid_keeps_its_own_bounds_through_the_file()
    {
        // A grown map's coarse grid no longer spans the map's bounds x2: its bounds travel with it.
        var coarse = run.State.Coarse;
        var moved = coarse.Bounds!.Value;
        moved = new Bounds3(moved.MinX - 2 * coarse.VoxelSize, moved.MinY, moved.MinZ, moved.MaxX, moved.MaxY, moved.MaxZ);
        var shape = FeatureGrid.ShapeFor(moved, coarse.VoxelSize, (int)coarse.Shape[1]);
        var state = run.State with { Coarse = new GridState(coarse.VoxelSize, shape, new float[shape.Aggregate(1L, (a, b) => a * b)], moved) };
        string path = Path.Combine(run.Folder, "grown.nslam");
        MapFile.Save(state, path);
        var loaded = MapFile.Load(path);
        Assert.Equal(moved, loaded.Coarse.Bounds);
        Assert.Equal(shape, loaded.Coarse.Shape);
        using var target = MappedSyntheticRun.NewSystem();
        target.ImportState(loaded);
        using var lease = target.AcquireMap()!;
        Assert.Equal(moved, lease.Snapshot.Map.Coarse.Bounds);
    }

    public static TheoryData<string, string> BrokenFiles => new()
    {
        { "cut-4", "not a NiceSlam.NET map file" },           // shorter than the magic
        { "cut-10", "truncated or corrupt" },                 // inside the header
        { "cut-52", "truncated or corrupt" },                 // header only
        { "cut-half", "truncated or corrupt" },
        { "cut-last", "truncated or corrupt" },
        { "flip", "truncated or corrupt: checksum mismatch" },
        { "magic", "not a NiceSlam.NET map file" },
        { "version", "format version 7, this build reads 1" },
        { "garbage", "cannot decode" },                       // a valid container around bytes that are no map
        { "empty", "not a NiceSlam.NET map file" },
    };

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public void Broken_files_are_refused_and_the_loaded_map_stays(string kind, string problem)
    {
        string path = Copy(kind + ".nslam", bytes => kind switch
        {
            "cut-4" => bytes[..4],
            "cut-10" => bytes[..10],
            "cut-52" => bytes[..52],
            "cut-half" => bytes[..(bytes.Length / 2)],
            "cut-last" => bytes[..^1],
            "flip" => Changed(bytes, b => b[52 + (b.Length - 52) / 3] ^= 0x10),
            "magic" => Changed(bytes, b => b[0] = (byte)'X'),
            "version" => Changed(bytes, b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(8), 7)),
            "garbage" => Garbage(bytes),
            "empty" => [],
            _ => throw new ArgumentException(kind),
        });
        using var target = MappedSyntheticRun.NewSystem();
        target.ImportState(MapFile.Load(run.SavedPath));
        var before = run.RenderDepth(target);
        var trajectory = target.Trajectory;

        var error = Assert.Throws<MapFileException>(() => target.ImportState(MapFile.Load(path)));
        Assert.Contains(problem, error.Message);
        Assert.Contains(path, error.Message);
        Assert.Equal(before, run.RenderDepth(target));
        Assert.Equal(trajectory, target.Trajectory);
    }

    [Fact]
    public void A_missing_file_is_refused_with_its_name()
    {
        string path = Path.Combine(run.Folder, "nowhere.nslam");
        var error = Assert.Throws<MapFileException>(() => MapFile.Load(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("not found", error.Message);
    }

    [Fact]
    public void Saving_over_an_existing_file_replaces_it_whole()
    {
        string path = Path.Combine(run.Folder, "sub", "replaced.nslam");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "an older, longer file that is no map at all ........................................");
        var options = run.State.Options.Clone();
        options.Map.Bounds = new Bounds3(-1, -2, -3, 4, 5, 6);
        options.Sync = SyncMode.Loose;
        var changed = run.State with { AcceptedFrames = run.State.AcceptedFrames + 10, Options = options };
        MapFile.Save(changed, path);
        Assert.False(File.Exists(path + ".tmp"));
        var loaded = MapFile.Load(path);
        Assert.Equal(run.State.AcceptedFrames + 10, loaded.AcceptedFrames);
        Assert.Equal(new Bounds3(-1, -2, -3, 4, 5, 6), loaded.Options.Map.Bounds);
        Assert.Equal(SyncMode.Loose, loaded.Options.Sync);
    }

    private static byte[] Changed(byte[] bytes, Action<byte[]> change)
    {
        var copy = (byte[])bytes.Clone();
        change(copy);
        return copy;
    }

    /// <summary>The real header with a payload of bytes 0xC1 (a code MessagePack never uses), length and checksum
    /// made to match, so only the decoder can object.</summary>
    private static byte[] Garbage(byte[] bytes)
    {
        var payload = Enumerable.Repeat((byte)0xC1, 64).ToArray();
        var header = bytes[..52];
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(12), (ulong)payload.Length);
        SHA256.HashData(payload).CopyTo(header, 20);
        return [.. header, .. payload];
    }
}
