namespace NiceSlam.Core.Slam;

/// <summary>
/// Settings of the mapping keyframes (<see cref="SlamOptions.Keyframes"/>): how often a mapped frame becomes one,
/// the window of keyframes each mapping call optimises and the overlap test that picks it, and the bundle adjustment
/// of the window's poses.
/// </summary>
public sealed class KeyframeOptions
{
    /// <summary>A mapped frame at least this many frames after the last keyframe becomes a keyframe.</summary>
    [FlatName("KeyframeEvery")]
    public int Every { get; set; } = 10;
    /// <summary>Frames a mapping call optimises: the current frame, the last keyframe and up to this − 2 keyframes
    /// that overlap the current frame.</summary>
    public int WindowSize { get; set; } = 5;
    /// <summary>Pixels and samples per pixel of the overlap test that picks the window's keyframes.</summary>
    public int OverlapPixels { get; set; } = 100;
    public int OverlapSamples { get; set; } = 16;
    public int OverlapMarginPixels { get; set; } = 20;
    /// <summary>Optimise the window's keyframe poses with the map.</summary>
    public bool BundleAdjustment { get; set; } = true;
    /// <summary>Bundle adjustment starts once there are more keyframes than this.</summary>
    public int BundleAdjustmentMinKeyframes { get; set; } = 4;
    public double BundleAdjustmentLr { get; set; } = 0.001;
    /// <summary>Whether the keyframe poses bundle adjustment refines replace the tracked ones in the trajectory. Off:
    /// the map keeps them (it is fitted to them) and the trajectory keeps the odometry's, which are the more accurate
    /// at the map quality a CPU reaches (TUM fr1/rpy 0-149: 1.706 against 1.749 cm ATE; 7-Scenes 0-299: 2.149
    /// against 2.219 cm; 2026-12-07, 2-core x86-64 VM).</summary>
    public bool BundleAdjustmentMovesTrajectory { get; set; }

    /// <summary>A copy of these settings.</summary>
    public KeyframeOptions Clone() => (KeyframeOptions)MemberwiseClone();

    /// <summary>Every setting of this group out of range, each named <paramref name="prefix"/> + its name, with its
    /// rule and value (empty: all valid).</summary>
    public IReadOnlyList<string> Problems(string prefix = "")
    {
        var problems = new SettingProblems(prefix);
        problems.Require(Every >= 1, nameof(Every), Every, ">= 1");
        problems.Require(WindowSize >= 2, nameof(WindowSize), WindowSize, ">= 2 (current frame + last keyframe)");
        problems.Require(OverlapPixels >= 1, nameof(OverlapPixels), OverlapPixels, ">= 1");
        problems.Require(OverlapSamples >= 1, nameof(OverlapSamples), OverlapSamples, ">= 1");
        problems.RequirePositive(nameof(BundleAdjustmentLr), BundleAdjustmentLr);
        return problems.All;
    }
}
