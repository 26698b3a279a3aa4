using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Map;

namespace NiceSlam.Core.Slam;

/// <summary>Why a frame is mapped.</summary>
public enum MappingKind
{
    /// <summary>The first frame of a new map: the map is created from it (first-frame schedule).</summary>
    First,

    /// <summary>A mapping frame (every <see cref="MappingOptions.Every"/>-th tracked frame).</summary>
    Regular,

    /// <summary>The last tracked frame of the input, mapped and kept as a keyframe as the reference does.</summary>
    Final,
}

/// <summary>
/// A frame the tracking side hands to the mapping side (<see cref="SlamSystem.Map"/>): its tensors, its tracked
/// pose and the kind of call. The request owns the frame's tensors until <see cref="SlamSystem.Map"/> takes them (a
/// keyframe keeps them, anything else frees them); a request that is never mapped (superseded, cancelled) must be
/// disposed, which frees them.
/// </summary>
public sealed class MappingRequest : IDisposable
{
    private FrameTensors? frame;

    internal MappingRequest(FrameTensors frame, RigidTransform pose, MappingKind kind, Bounds3? newMapBounds = null, bool anchoredToGroundTruth = false,
        bool trackingWaits = true)
    {
        this.trackingWaits = trackingWaits;
        this.frame = frame;
        FrameIndex = frame.Index;
        Timestamp = frame.Timestamp;
        Pose = pose;
        Kind = kind;
        NewMapBounds = newMapBounds;
        AnchoredToGroundTruth = anchoredToGroundTruth;
    }

    public int FrameIndex { get; }
    public double Timestamp { get; }
    public RigidTransform Pose { get; }
    public MappingKind Kind { get; }

    private readonly bool trackingWaits;

    /// <summary>A scheduler must carry this request out and wait for it even when it lets mapping lag behind: the
    /// final frame ends the input; a new map must exist before the next frame is tracked by the rendering front end
    /// (the odometry front ends track on without it, so a live camera is not left waiting for the first map).</summary>
    public bool MustComplete => Kind == MappingKind.Final || (Kind == MappingKind.First && trackingWaits);

    /// <summary>First frame: the bounds of the new map.</summary>
    internal Bounds3? NewMapBounds { get; }

    /// <summary>First frame: whether it took a ground-truth pose (the map's world is the recording's).</summary>
    internal bool AnchoredToGroundTruth { get; }

    /// <summary>World corrections (a pose P becomes C · P) of earlier frames that tracking's pose graph moved since the
    /// previous request: the mapping side moves its keyframes among them before it maps this frame.</summary>
    internal IReadOnlyDictionary<int, RigidTransform> Corrections { get; init; } = new Dictionary<int, RigidTransform>();

    /// <summary>The same frame at a refined pose (ownership of the tensors moves to the new request).</summary>
    internal MappingRequest WithPose(RigidTransform pose) => new(TakeFrame(), pose, Kind, NewMapBounds, AnchoredToGroundTruth, trackingWaits) { Corrections = Corrections };

    /// <summary>The same request carrying <paramref name="corrections"/> (ownership of the tensors moves to the new request).</summary>
    internal MappingRequest WithCorrections(IReadOnlyDictionary<int, RigidTransform> corrections) =>
        new(TakeFrame(), Pose, Kind, NewMapBounds, AnchoredToGroundTruth, trackingWaits) { Corrections = corrections };

    /// <summary>Moves the frame's tensors to the caller (once).</summary>
    internal FrameTensors TakeFrame() =>
        Interlocked.Exchange(ref frame, null) ?? throw new InvalidOperationException($"mapping request for frame {FrameIndex} was already taken or disposed");

    public void Dispose() => Interlocked.Exchange(ref frame, null)?.Dispose();
}
