namespace NiceSlam.Core.Slam;

/// <summary>How the tracking and mapping loops take turns.</summary>
public enum SyncMode
{
    /// <summary>The reference's strict alternation: a frame is tracked, then mapped when it is a mapping frame,
    /// before the next frame is tracked. Deterministic: same input + seed = same trajectory.</summary>
    Strict,

    /// <summary>Live input: the tracker follows the newest frame on a snapshot of the map while the mapper keeps
    /// optimising on its own thread.</summary>
    Loose,
}

/// <summary>
/// Every setting of the engine, grouped per component as nvblox and Open3D group theirs: <see cref="Map"/> (scene
/// representation and growth), <see cref="Rendering"/> (ray sampling), <see cref="Tracking"/> (the tracker, its
/// recovery and relocalisation), <see cref="Odometry"/> (the dense RGB-D odometry), <see cref="Mapping"/> (the
/// mapper), <see cref="Keyframes"/> (the mapping window and bundle adjustment) and <see cref="Meshing"/>; the run-wide
/// <see cref="Sync"/> and <see cref="Seed"/> stay here. Names follow the official configuration where one exists.
/// Each default is declared once, in its group: a new instance is the <c>cpu</c> preset (the node's and <c>run</c>'s
/// default); the reference presets in <see cref="SlamPresets"/> change what the reference does differently. Every
/// setting is settable so command-line overrides and the node's <c>slam_settings</c> work
/// (<see cref="SlamOptionsOverrides"/>: <c>Group.Name=value</c>, or the flat name of before the groups).
/// </summary>
public sealed class SlamOptions
{
    /// <summary>Scene bounds, their derivation and the map's growth, the grids' voxel sizes.</summary>
    public MapOptions Map { get; init => field = value ?? throw new ArgumentNullException(nameof(Map)); } = new();

    /// <summary>Where samples go along a ray and how many; the fused evaluation.</summary>
    public RenderingOptions Rendering { get; init => field = value ?? throw new ArgumentNullException(nameof(Rendering)); } = new();

    /// <summary>The tracker's front end, its rendering loss, recovery and relocalisation.</summary>
    public TrackingOptions Tracking { get; init => field = value ?? throw new ArgumentNullException(nameof(Tracking)); } = new();

    /// <summary>The dense RGB-D odometry and its tracking keyframes.</summary>
    public OdometryOptions Odometry { get; init => field = value ?? throw new ArgumentNullException(nameof(Odometry)); } = new();

    /// <summary>The mapper: how often, its budget, stages and learning rates.</summary>
    public MappingOptions Mapping { get; init => field = value ?? throw new ArgumentNullException(nameof(Mapping)); } = new();

    /// <summary>Mapping keyframes, the window each mapping call optimises, bundle adjustment.</summary>
    public KeyframeOptions Keyframes { get; init => field = value ?? throw new ArgumentNullException(nameof(Keyframes)); } = new();

    /// <summary>Mesh extraction.</summary>
    public MeshingOptions Meshing { get; init => field = value ?? throw new ArgumentNullException(nameof(Meshing)); } = new();

    // --- run ------------------------------------------------------------------------------------------------
    /// <summary>How tracking and mapping take turns.</summary>
    public SyncMode Sync { get; set; } = SyncMode.Strict;
    /// <summary>Seed of the tracker's and mapper's random choices (pixels, keyframes; the node's colour decoder too).</summary>
    public int Seed { get; set; } = 0;

    /// <summary>A deep copy: the copy's groups are copies too.</summary>
    public SlamOptions Clone() => new()
    {
        Map = Map.Clone(), Rendering = Rendering.Clone(), Tracking = Tracking.Clone(), Odometry = Odometry.Clone(),
        Mapping = Mapping.Clone(), Keyframes = Keyframes.Clone(), Meshing = Meshing.Clone(),
        Sync = Sync, Seed = Seed,
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming every setting out of range.</summary>
    public void Validate()
    {
        var problems = Problems();
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems));
    }

    /// <summary>Every setting out of range in every group, each named <c>Group.Name</c> with its rule and value
    /// (empty: all valid).</summary>
    public IReadOnlyList<string> Problems() =>
    [
        .. Map.Problems(nameof(Map) + "."),
        .. Rendering.Problems(nameof(Rendering) + "."),
        .. Tracking.Problems(nameof(Tracking) + "."),
        .. Odometry.Problems(nameof(Odometry) + "."),
        .. Mapping.Problems(nameof(Mapping) + "."),
        .. Keyframes.Problems(nameof(Keyframes) + "."),
        .. Meshing.Problems(nameof(Meshing) + "."),
    ];
}
