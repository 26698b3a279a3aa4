using NiceSlam.Core.Decoders;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Mapping;
using NiceSlam.Core.Tracking;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Slam;

/// <summary>
/// The engine, synchronous and free of threads. It has two sides, each called by one thread at a time:
/// <list type="bullet">
/// <item>the <b>tracking side</b> (<see cref="TrackingSide"/>) — <see cref="Track"/> takes a frame through the
/// <see cref="FrameGate"/>, tracks it against the latest published map and says whether to map it now;
/// <see cref="Apply"/> takes over the poses a mapping call refined; <see cref="Finish"/> hands over the last frame at
/// the end of the input. It owns the gate, the tracker and the trajectory, and publishes a
/// <see cref="TrajectorySnapshot"/> after every call;</item>
/// <item>the <b>mapping side</b> (<see cref="MappingSide"/>) — <see cref="Map"/> optimises the map on a requested
/// frame, decides whether it becomes a keyframe (<see cref="KeyframePolicy"/>) and publishes a
/// <see cref="MapSnapshot"/>. It owns the working map, the mapper and the keyframes.</item>
/// </list>
/// The sides share nothing mutable, so a scheduler may run them at the same time (loose) or take turns (strict, the
/// reference's alternation: same input and seed, same result). Readers on any thread see only published, immutable
/// snapshots: <see cref="Trajectory"/>, <see cref="AcquireMap"/>, <see cref="ExportState"/>. <see cref="ImportState"/>
/// and <see cref="Reset"/> replace both sides' state and need both sides idle. The engine owns the decoders it is given.
/// </summary>
public sealed class SlamSystem : IDisposable
{
    private readonly SlamOptions options;
    private readonly Device device;
    private readonly NiceDecoders decoders;
    private readonly IReadOnlyList<ParameterState> initialDecoders;   // restored by Reset (the colour decoder trains)
    private readonly Generator trackerGenerator, mapperGenerator, mapGenerator;
    private readonly TrackingSide tracking;
    private readonly MappingSide mapping;
    private int busy;                                                 // calls in progress on either side

    /// <param name="decoders">The decoders (geometry pretrained); the system owns them from now on.</param>
    public SlamSystem(SlamOptions options, NiceDecoders decoders, Device? device = null)
    {
        options.Validate();
        this.options = options.Clone();
        this.decoders = decoders;
        this.device = device ?? CPU;
        initialDecoders = SlamStateExchange.ParametersOf(decoders);
        trackerGenerator = new Generator((ulong)options.Seed);
        mapperGenerator = new Generator((ulong)options.Seed + 1);
        mapGenerator = new Generator((ulong)options.Seed + 2);
        tracking = new TrackingSide(this.options, new Tracker(this.options, trackerGenerator), this.device, Counters);
        mapping = new MappingSide(this.options, new Mapper(this.options, mapperGenerator, new Random(options.Seed)), decoders, mapGenerator,
            this.device, Counters);
    }

    public SlamOptions Options => options;
    public SlamCounters Counters { get; } = new();

    /// <summary>The trajectory as last published by the tracking side (immutable; any thread).</summary>
    public TrajectorySnapshot Trajectory => tracking.Published;

    /// <summary>A lease on the latest published map (any thread); null before the first frame is mapped.</summary>
    public MapLease? AcquireMap() => mapping.Acquire();

    /// <summary>
    /// Tracking side. Takes one frame: rejects it with the reason (counted) if the gate refuses it; otherwise tracks it
    /// against the latest published map — the first frame of a map takes its given pose (ground truth when the source
    /// has it, else the identity) — and appends its pose. Returns a mapping request for the first frame and every
    /// <see cref="MappingOptions.Every"/>-th frame; a frame nothing could be compared with (lost) keeps the previous
    /// pose and is not mapped.
    /// </summary>
    /// <remarks>The odometry front ends track a frame that comes before the first map is published by odometry
    /// alone; <paramref name="refine"/> false skips the rendering refinement for this frame (a live scheduler that
    /// is behind the camera).</remarks>
    /// <exception cref="InvalidOperationException">With the rendering front end, a frame after the first comes
    /// before the first mapping call published a map.</exception>
    public TrackStep Track(RgbdFrame frame, bool refine = true)
    {
        using var _ = Enter();
        return tracking.Track(frame, mapping.Acquire, refine);
    }

    /// <summary>Tracking side. Takes over the poses a mapping call refined (bundle adjustment), before the next frame.</summary>
    public void Apply(MappingOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        using var _ = Enter();
        tracking.Apply(outcome);
    }

    /// <summary>Tracking side. The input has ended: the last tracked frame, when no mapping call has taken it, as a
    /// <see cref="MappingKind.Final"/> request (null otherwise). The caller owns the request.</summary>
    public MappingRequest? Finish()
    {
        using var _ = Enter();
        return tracking.Finish();
    }

    /// <summary>
    /// Mapping side. Maps the requested frame (a <see cref="MappingKind.First"/> request starts a new map), keeps it as
    /// a keyframe when the <see cref="KeyframePolicy"/> says so and publishes the map as a new
    /// <see cref="MapSnapshot"/>. Takes ownership of the request's frame.
    /// </summary>
    public MappingOutcome Map(MappingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var _ = Enter();
        return mapping.Map(request);
    }

    /// <summary>
    /// The engine's state as plain data, from the published snapshots (consistent, and safe while both sides run;
    /// the trajectory may be a few frames ahead of the map).
    /// </summary>
    /// <exception cref="InvalidOperationException">Nothing is mapped yet.</exception>
    public SlamState ExportState()
    {
        using var lease = AcquireMap() ?? throw new InvalidOperationException("nothing to save: there is a map only once the first frame has been mapped");
        return SlamStateExchange.Export(options, lease.Snapshot, Trajectory);
    }

    /// <summary>
    /// Replaces the map, the keyframes, the trajectory, the intrinsics and the frame counters with
    /// <paramref name="state"/>; the next frame is tracked against the imported map (its timestamp must be after
    /// <see cref="SlamState.LastTimestamp"/>; frames numbered from 0 again are moved after the imported ones).
    /// Everything is checked and built before anything changes, so a refused state leaves the system as it was. The
    /// system keeps its own options. Both sides must be idle.
    /// </summary>
    /// <exception cref="ArgumentException">The state is inconsistent, or its decoders differ in parameter names or
    /// shapes from this system's.</exception>
    /// <exception cref="InvalidOperationException">A call on either side is in progress.</exception>
    public void ImportState(SlamState state)
    {
        using var _ = EnterExclusive("load a map");
        using var imported = SlamStateExchange.Build(state, decoders, device);
        var (map, keyframes) = imported.Commit(decoders);
        mapping.Restore(map, keyframes, state);
        tracking.Restore(state);
    }

    /// <summary>
    /// Forgets the map, its keyframes and the trajectory, and restores the decoders to their values when the system
    /// was made; the next frame starts a new map (first-frame pose and schedule, bounds from the options or from that
    /// frame). Counters keep counting. Both sides must be idle.
    /// </summary>
    /// <exception cref="InvalidOperationException">A call on either side is in progress.</exception>
    public void Reset()
    {
        using var _ = EnterExclusive("reset");
        mapping.Reset();
        SlamStateExchange.CopyInto(decoders, initialDecoders);
        tracking.Reset();
    }

    /// <summary>Counts a call in progress (ImportState and Reset refuse to run meanwhile).</summary>
    private CallScope Enter()
    {
        Interlocked.Increment(ref busy);
        return new CallScope(this);
    }

    private CallScope EnterExclusive(string what)
    {
        if (Interlocked.CompareExchange(ref busy, 1, 0) != 0)
            throw new InvalidOperationException($"cannot {what} while tracking or mapping is in progress: run it with both sides idle");
        return new CallScope(this);
    }

    private readonly struct CallScope(SlamSystem system) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref system.busy);
    }

    public void Dispose()
    {
        tracking.Dispose();
        mapping.Dispose();
        decoders.Dispose();
        trackerGenerator.Dispose();
        mapperGenerator.Dispose();
        mapGenerator.Dispose();
    }
}
