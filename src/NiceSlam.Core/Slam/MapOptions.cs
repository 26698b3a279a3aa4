using NiceSlam.Core.Map;

namespace NiceSlam.Core.Slam;

/// <summary>
/// Settings of the scene representation and its growth (<see cref="SlamOptions.Map"/>): where the map is (given or
/// derived bounds), whether and how far it grows, and the voxel sizes of its four grids.
/// </summary>
public sealed class MapOptions
{
    /// <summary>Scene bounds in the world frame (the first camera's frame moved by its given pose); null: derived
    /// from the first frames' depth by <see cref="SceneBoundsEstimator"/>.</summary>
    public Bounds3? Bounds { get; set; }

    /// <summary>Margin added around the first frames' points when the bounds are derived, and around a frame's
    /// points when the map grows to hold them, metres.</summary>
    public double AutoBoundsMargin { get; set; } = 1.0;

    /// <summary>Grow the map when a mapped frame sees beyond its bounds (<see cref="HierarchicalMap.Grown"/>): the
    /// grids grow on that side by whole voxels to hold the frame's points (1st..99th percentile per axis) plus
    /// <see cref="AutoBoundsMargin"/>, so a robot that leaves the first room keeps mapping (see
    /// <see cref="AutoBoundsSensorReach"/> for where it starts). Off in the reference presets (fixed bounds, as the
    /// official code).</summary>
    [FlatName("GrowMap")]
    public bool Grow { get; set; } = true;

    /// <summary>The largest volume the map may grow to, cubic metres (memory follows it: about 70 kB a cubic metre at
    /// the default voxels, 8x that at the TUM preset's). A frame that would take the map past it does not grow it:
    /// the map stops growing, the frame is still mapped inside the bounds, and the refusal is counted and logged.</summary>
    [FlatName("MaxMapVolume")]
    public double MaxVolume { get; set; } = 2000;

    /// <summary>Derived bounds also hold a cube of the sensor's reach (99th-percentile depth) around the first camera.
    /// Off (default), a growing map starts from the first frame's seen volume plus the margin and grows as the camera
    /// sees more: on TUM fr1/rpy 0-149 (one run each, same build) 1.90 cm ATE with a 313 m³ map against 1.85 cm with
    /// the cube and 774 m³. (Before the odometry's degeneracy-aware solve the seen-volume start lost 6 frames there.)
    /// A map that cannot grow always holds the cube.</summary>
    public bool AutoBoundsSensorReach { get; set; }

    /// <summary>Frames whose depth is used to derive the bounds.</summary>
    public int AutoBoundsFrames { get; set; } = 1;

    /// <summary>Voxel size of the coarse grid, metres.</summary>
    public double CoarseVoxel { get; set; } = 2.0;
    /// <summary>Voxel size of the middle grid, metres.</summary>
    public double MiddleVoxel { get; set; } = 0.32;
    /// <summary>Voxel size of the fine grid, metres.</summary>
    public double FineVoxel { get; set; } = 0.16;
    /// <summary>Voxel size of the colour grid, metres.</summary>
    public double ColorVoxel { get; set; } = 0.16;

    /// <summary>A copy of these settings.</summary>
    public MapOptions Clone() => (MapOptions)MemberwiseClone();

    /// <summary>Every setting of this group out of range, each named <paramref name="prefix"/> + its name, with its
    /// rule and value (empty: all valid).</summary>
    public IReadOnlyList<string> Problems(string prefix = "")
    {
        var problems = new SettingProblems(prefix);
        if (Bounds is { } bounds)
        {
            try { bounds.Validate(); }
            catch (ArgumentException e) { problems.Add(nameof(Bounds), e.Message); }
        }
        problems.Require(AutoBoundsMargin >= 0, nameof(AutoBoundsMargin), AutoBoundsMargin, ">= 0");
        problems.Require(AutoBoundsFrames >= 1, nameof(AutoBoundsFrames), AutoBoundsFrames, ">= 1");
        problems.Require(MaxVolume > 0, nameof(MaxVolume), MaxVolume, "> 0");
        problems.RequirePositive(nameof(CoarseVoxel), CoarseVoxel);
        problems.RequirePositive(nameof(MiddleVoxel), MiddleVoxel);
        problems.RequirePositive(nameof(FineVoxel), FineVoxel);
        problems.RequirePositive(nameof(ColorVoxel), ColorVoxel);
        return problems.All;
    }
}
