using System.Buffers.Binary;
using System.Security.Cryptography;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Map;
using NiceSlam.Core.Slam;
using NiceSlam.Data.Maps;

namespace NiceSlam.Fuzzing.Targets;

/// <summary>
/// The map-file loader (<see cref="MapFile.Load"/>) on a small but complete map (four grids, decoder parameters, a
/// keyframe, a trajectory). "file": the file's bytes mutated as they are (header, checksum). "payload-bytes" and
/// "payload-tree": the MessagePack payload mutated as bytes or as a document (fields given other types, arrays
/// duplicated, dropped, shuffled), then sealed again with a correct length and SHA-256, so that the mutation reaches
/// the decoder and the consistency checks behind the checksum. Clean: <see cref="MapFileException"/> naming the file.
/// </summary>
public sealed class MapFileTarget : FuzzTarget
{
    /// <summary>Bytes before the payload: magic, version, payload length, SHA-256.</summary>
    private const int HeaderLength = 52;

    private readonly FuzzSeed[] seeds;

    public MapFileTarget()
    {
        string path = Path.Combine(WorkFolder, "seed.nslam");
        MapFile.Save(SmallState(), path);
        byte[] file = File.ReadAllBytes(path);
        LengthField[] header = [new(8, 4), new(12, 8)];
        seeds =
        [
            new FuzzSeed("file", file, SeedFormat.Binary, [new Range(0, HeaderLength), new Range(HeaderLength, file.Length)], header),
            new FuzzSeed("payload-bytes", file),
            new FuzzSeed("payload-tree", file),
        ];
    }

    public override string Name => "map";

    public override string Description => "map files (MapFile.Load): raw bytes, and payloads mutated as bytes or MessagePack documents then re-sealed";

    public override string CleanRejection => nameof(MapFileException);

    public override IReadOnlyList<FuzzSeed> Seeds => seeds;

    private string InputPath => Path.Combine(WorkFolder, "input.nslam");

    public override FuzzCase Next(Mutation.Mutator mutator)
    {
        var seed = seeds[mutator.Random.Next(seeds.Length)];
        if (seed.Variant == "file") return new FuzzCase(seed.Variant, mutator.Mutate(seed));
        var payload = new FuzzSeed(seed.Variant, seed.Data[HeaderLength..], seed.Variant == "payload-tree" ? SeedFormat.MessagePack : SeedFormat.Binary);
        return new FuzzCase(seed.Variant, Seal(mutator.Mutate(payload)));
    }

    public override void Run(FuzzCase input)
    {
        File.WriteAllBytes(InputPath, input.Data);
        var state = MapFile.Load(InputPath);
        _ = state.Trajectory.Count;
    }

    public override bool IsCleanRejection(Exception error, FuzzCase input) =>
        error is MapFileException e && e.FilePath == InputPath && e.Message.StartsWith(InputPath + ": ", StringComparison.Ordinal);

    /// <summary>The header MapFile writes in front of <paramref name="payload"/>.</summary>
    private static byte[] Seal(byte[] payload)
    {
        var file = new byte[HeaderLength + payload.Length];
        "NSLAMMAP"u8.CopyTo(file);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(8), MapFile.FormatVersion);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(12), (ulong)payload.Length);
        SHA256.HashData(payload, file.AsSpan(20, 32));
        payload.CopyTo(file, HeaderLength);
        return file;
    }

    /// <summary>A consistent map of a 2 m cube with 2-channel grids, two decoder parameters, one 4x3 keyframe and
    /// three poses.</summary>
    private static SlamState SmallState()
    {
        var bounds = new Bounds3(-1, -1, 0, 1, 1, 2);
        const int channels = 2;
        GridState Grid(Bounds3 b, double voxel)
        {
            long[] shape = FeatureGrid.ShapeFor(b, voxel, channels);
            return new GridState(voxel, shape, [.. Enumerable.Range(0, (int)shape.Aggregate(1L, (x, y) => x * y)).Select(i => i * 0.01f)]);
        }
        var intrinsics = new CameraIntrinsics(4, 3, 3, 3, 2, 1.5);
        var pose = RigidTransform.Identity;
        return new SlamState(
            new SlamOptions(),
            bounds,
            Grid(HierarchicalMap.CoarseBoundsOf(bounds), 2), Grid(bounds, 0.5), Grid(bounds, 0.5), Grid(bounds, 0.5),
            [new ParameterState("middle.output.weight", [2, 2], [1, 2, 3, 4]), new ParameterState("color.output.bias", [3], [0.1f, 0.2f, 0.3f])],
            [new KeyframeState(0, 0, intrinsics, 0, pose, [.. Enumerable.Range(0, 12).Select(i => 1 + i * 0.1f)], [.. Enumerable.Range(0, 36).Select(i => i / 36f)])],
            [new PoseEstimate(0, 0, pose), new PoseEstimate(1, 0.1, pose), new PoseEstimate(2, 0.2, pose)],
            intrinsics,
            AcceptedFrames: 3,
            LastTimestamp: 0.2);
    }
}
