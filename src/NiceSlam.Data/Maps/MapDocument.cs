using System.Text.Json;
using MessagePack;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Map;
using NiceSlam.Core.Slam;

namespace NiceSlam.Data.Maps;

/// <summary>
/// The MessagePack payload of a map file (format version 1): a <see cref="SlamState"/> with float arrays as
/// little-endian byte blobs and poses as 12 doubles (row-major rotation, then translation). The options are kept
/// as JSON text, so that options added later still read (missing ones take their defaults); maps written while the
/// options were one flat list hold them by their flat names, which still read (<see cref="ReadOptions"/>).
/// </summary>
[MessagePackObject]
internal sealed class MapDocument
{
    [Key(0)] public string OptionsJson { get; set; } = "";
    /// <summary>min x, y, z, max x, y, z.</summary>
    [Key(1)] public double[] Bounds { get; set; } = [];
    /// <summary>coarse, middle, fine, colour.</summary>
    [Key(2)] public List<BlobTensor> Grids { get; set; } = [];
    /// <summary>The grids' voxel sizes, in the order of <see cref="Grids"/>.</summary>
    [Key(3)] public double[] GridVoxels { get; set; } = [];
    [Key(4)] public List<BlobTensor> Decoders { get; set; } = [];
    [Key(5)] public List<KeyframeRecord> Keyframes { get; set; } = [];
    [Key(6)] public List<PoseRecord> Trajectory { get; set; } = [];
    [Key(7)] public IntrinsicsRecord Intrinsics { get; set; } = new();
    [Key(8)] public int AcceptedFrames { get; set; }
    [Key(9)] public double LastTimestamp { get; set; }
    /// <summary>The world frame is the recording's (first pose from ground truth), not the first camera's.</summary>
    [Key(10)] public bool AnchoredToGroundTruth { get; set; }
    /// <summary>Each grid's own bounds (min x, y, z, max x, y, z per grid, in the order of <see cref="Grids"/>): a
    /// grown map's coarse grid no longer spans the map's bounds x2. Absent in maps saved before grids could grow.</summary>
    [Key(11)] public double[]? GridBounds { get; set; }

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public static MapDocument FromState(SlamState state) => new()
    {
        OptionsJson = JsonSerializer.Serialize(state.Options, Json),
        Bounds = [state.Bounds.MinX, state.Bounds.MinY, state.Bounds.MinZ, state.Bounds.MaxX, state.Bounds.MaxY, state.Bounds.MaxZ],
        Grids = [.. state.Grids.Select(g => new BlobTensor { Name = g.Name, Shape = g.Grid.Shape, Data = FloatBlob.ToBytes(g.Grid.Values) })],
        GridVoxels = [.. state.Grids.Select(g => g.Grid.VoxelSize)],
        Decoders = [.. state.Decoders.Select(p => new BlobTensor { Name = p.Name, Shape = p.Shape, Data = FloatBlob.ToBytes(p.Values) })],
        Keyframes = [.. state.Keyframes.Select(k => new KeyframeRecord
        {
            FrameIndex = k.FrameIndex, Timestamp = k.Timestamp, Intrinsics = IntrinsicsRecord.From(k.Intrinsics), IgnoredEdge = k.IgnoredEdge,
            Pose = PoseRecord.Values(k.Pose), Depth = FloatBlob.ToBytes(k.Depth), Color = FloatBlob.ToBytes(k.Color),
        })],
        Trajectory = [.. state.Trajectory.Select(p => new PoseRecord { FrameIndex = p.FrameIndex, Timestamp = p.Timestamp, Pose = PoseRecord.Values(p.Pose) })],
        Intrinsics = IntrinsicsRecord.From(state.Intrinsics),
        AcceptedFrames = state.AcceptedFrames,
        LastTimestamp = state.LastTimestamp,
        AnchoredToGroundTruth = state.AnchoredToGroundTruth,
        GridBounds = [.. state.Grids.Select(g => state.BoundsOf(g.Name, g.Grid)).SelectMany(b => new[] { b.MinX, b.MinY, b.MinZ, b.MaxX, b.MaxY, b.MaxZ })],
    };

    /// <summary>The options of <paramref name="json"/>: grouped as <see cref="SlamOptions"/> is (<c>{"Map":{...},
    /// "Tracking":{...}, ...}</c>), or flat as maps written before the groups hold them (<c>{"TrackingPixels":400,
    /// ...}</c>: each read by its flat name, <see cref="SlamSetting.Find"/>).</summary>
    private static SlamOptions ReadOptions(string json)
    {
        var options = JsonSerializer.Deserialize<SlamOptions>(json, Json) ?? throw new InvalidDataException("options missing");
        using var document = JsonDocument.Parse(json);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Name.Contains('.') || SlamSetting.Find(property.Name) is not { Group: not null } setting) continue;
            setting.Set(options, property.Value.Deserialize(setting.Type, Json));
        }
        return options;
    }

    /// <summary>The state this document holds, checked with <see cref="SlamState.Validate"/>. Throws
    /// <see cref="InvalidDataException"/>, <see cref="ArgumentException"/> or <see cref="JsonException"/> when it is
    /// incomplete or inconsistent.</summary>
    public SlamState ToState()
    {
        var options = ReadOptions(OptionsJson ?? "");
        if (Bounds is not { Length: 6 }) throw new InvalidDataException($"bounds need 6 numbers, got {Bounds?.Length ?? 0}");
        if (Grids is not { Count: 4 } || GridVoxels is not { Length: 4 }) throw new InvalidDataException($"a map has 4 grids, got {Grids?.Count ?? 0}");
        if (GridBounds is { Length: > 0 and not 24 }) throw new InvalidDataException($"grid bounds need 6 numbers for each of the 4 grids, got {GridBounds.Length}");
        GridState Grid(int i)
        {
            var grid = Grids[i] ?? throw new InvalidDataException($"grid {i} missing");
            Bounds3? bounds = GridBounds is { Length: > 0 } b ? new Bounds3(b[6 * i], b[6 * i + 1], b[6 * i + 2], b[6 * i + 3], b[6 * i + 4], b[6 * i + 5]) : null;
            return new(GridVoxels[i], grid.Shape ?? [], FloatBlob.FromBytes(grid.Data, $"{grid.Name} grid"), bounds);
        }
        // A list entry decoded from nil is null: refused here, with what it is, rather than deep inside.
        static T Present<T>(T? item, string what) where T : class => item ?? throw new InvalidDataException($"{what}: an entry is missing (nil)");
        var state = new SlamState(
            options,
            new Bounds3(Bounds[0], Bounds[1], Bounds[2], Bounds[3], Bounds[4], Bounds[5]),
            Grid(0), Grid(1), Grid(2), Grid(3),
            [.. (Decoders ?? []).Select(p => Present(p, "decoders")).Select(p => new ParameterState(p.Name ?? "", p.Shape ?? [], FloatBlob.FromBytes(p.Data, $"decoder parameter '{p.Name}'")))],
            [.. (Keyframes ?? []).Select(k => Present(k, "keyframes")).Select(k => new KeyframeState(k.FrameIndex, k.Timestamp, (k.Intrinsics ?? throw new InvalidDataException($"keyframe {k.FrameIndex}: intrinsics missing")).ToIntrinsics(),
                k.IgnoredEdge, PoseRecord.ToPose(k.Pose, $"keyframe {k.FrameIndex}"), FloatBlob.FromBytes(k.Depth, $"keyframe {k.FrameIndex} depth"),
                FloatBlob.FromBytes(k.Color, $"keyframe {k.FrameIndex} colour")))],
            [.. (Trajectory ?? []).Select(p => Present(p, "trajectory")).Select(p => new PoseEstimate(p.FrameIndex, p.Timestamp, PoseRecord.ToPose(p.Pose, $"trajectory frame {p.FrameIndex}")))],
            (Intrinsics ?? throw new InvalidDataException("intrinsics missing")).ToIntrinsics(),
            AcceptedFrames,
            LastTimestamp,
            AnchoredToGroundTruth);
        state.Validate();
        return state;
    }
}

/// <summary>A named float32 tensor: shape and little-endian data.</summary>
[MessagePackObject]
internal sealed class BlobTensor
{
    [Key(0)] public string Name { get; set; } = "";
    [Key(1)] public long[] Shape { get; set; } = [];
    [Key(2)] public byte[] Data { get; set; } = [];
}

/// <summary>A keyframe: what its frame tensors held, and its pose.</summary>
[MessagePackObject]
internal sealed class KeyframeRecord
{
    [Key(0)] public int FrameIndex { get; set; }
    [Key(1)] public double Timestamp { get; set; }
    [Key(2)] public IntrinsicsRecord Intrinsics { get; set; } = new();
    [Key(3)] public int IgnoredEdge { get; set; }
    [Key(4)] public double[] Pose { get; set; } = [];
    /// <summary>[H*W] float32, metres.</summary>
    [Key(5)] public byte[] Depth { get; set; } = [];
    /// <summary>[H*W*3] float32 in [0, 1].</summary>
    [Key(6)] public byte[] Color { get; set; } = [];
}

/// <summary>One trajectory entry; the pose as 12 doubles: row-major rotation, then translation.</summary>
[MessagePackObject]
internal sealed class PoseRecord
{
    [Key(0)] public int FrameIndex { get; set; }
    [Key(1)] public double Timestamp { get; set; }
    [Key(2)] public double[] Pose { get; set; } = [];

    public static double[] Values(RigidTransform pose) => [.. pose.RotationRowMajor(), pose.Tx, pose.Ty, pose.Tz];

    public static RigidTransform ToPose(double[] values, string what)
    {
        if (values is not { Length: 12 }) throw new InvalidDataException($"{what}: a pose needs 12 numbers, got {values?.Length ?? 0}");
        return new RigidTransform(values[..9], values[9], values[10], values[11]);
    }
}

/// <summary>Camera intrinsics: image size, pinhole parameters, distortion coefficients.</summary>
[MessagePackObject]
internal sealed class IntrinsicsRecord
{
    [Key(0)] public int Width { get; set; }
    [Key(1)] public int Height { get; set; }
    [Key(2)] public double Fx { get; set; }
    [Key(3)] public double Fy { get; set; }
    [Key(4)] public double Cx { get; set; }
    [Key(5)] public double Cy { get; set; }
    [Key(6)] public double[] Distortion { get; set; } = [];

    public static IntrinsicsRecord From(CameraIntrinsics k) =>
        new() { Width = k.Width, Height = k.Height, Fx = k.Fx, Fy = k.Fy, Cx = k.Cx, Cy = k.Cy, Distortion = [.. k.Distortion] };

    public CameraIntrinsics ToIntrinsics() => new(Width, Height, Fx, Fy, Cx, Cy, Distortion ?? []);
}
