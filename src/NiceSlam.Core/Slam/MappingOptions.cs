namespace NiceSlam.Core.Slam;

/// <summary>
/// Settings of the mapper (<see cref="SlamOptions.Mapping"/>): how often it runs, its budget per call (pixels,
/// iterations; the first frame's own), its stages (middle, fine, colour: their shares and learning rates), the colour
/// weight, the coarse grid's updates and the frustum update's margin.
/// </summary>
public sealed class MappingOptions
{
    /// <summary>Map every this-many-th tracked frame.</summary>
    [FlatName("MapEvery")]
    public int Every { get; set; } = 5;
    /// <summary>Pixels sampled per mapping iteration, shared among the window's keyframes.</summary>
    [FlatName("MappingPixels")]
    public int Pixels { get; set; } = 800;
    /// <summary>Iterations per mapping call.</summary>
    [FlatName("MappingIterations")]
    public int Iterations { get; set; } = 30;
    /// <summary>Iterations of the first frame's mapping.</summary>
    public int FirstFrameIterations { get; set; } = 100;
    /// <summary>Learning-rate factor of the first frame's mapping.</summary>
    public double FirstFrameLrFactor { get; set; } = 5;
    /// <summary>Share of iterations in the middle stage, and up to which share the fine stage runs.</summary>
    public double MiddleStageShare { get; set; } = 0.4;
    public double FineStageShare { get; set; } = 0.6;
    public double MiddleStageLr { get; set; } = 0.1;
    public double FineStageLr { get; set; } = 0.005;
    public double ColorStageLr { get; set; } = 0.005;
    /// <summary>Weight of the colour term of the mapping loss.</summary>
    [FlatName("MappingColorWeight")]
    public double ColorWeight { get; set; } = 0.2;
    /// <summary>Mapping iterations of the coarse grid (depth loss, random keyframes) per mapping call.</summary>
    public int CoarseIterations { get; set; } = 4;
    public double CoarseLr { get; set; } = 0.001;
    /// <summary>Grid vertices farther than this behind the measured depth are outside the frustum update.</summary>
    public double FrustumDepthMargin { get; set; } = 0.5;

    /// <summary>A copy of these settings.</summary>
    public MappingOptions Clone() => (MappingOptions)MemberwiseClone();

    /// <summary>Every setting of this group out of range, each named <paramref name="prefix"/> + its name, with its
    /// rule and value (empty: all valid).</summary>
    public IReadOnlyList<string> Problems(string prefix = "")
    {
        var problems = new SettingProblems(prefix);
        problems.Require(Every >= 1, nameof(Every), Every, ">= 1");
        problems.Require(Pixels >= 1, nameof(Pixels), Pixels, ">= 1");
        problems.Require(Iterations >= 1, nameof(Iterations), Iterations, ">= 1");
        problems.Require(FirstFrameIterations >= 1, nameof(FirstFrameIterations), FirstFrameIterations, ">= 1");
        problems.Require(MiddleStageShare >= 0 && MiddleStageShare <= FineStageShare && FineStageShare <= 1, nameof(MiddleStageShare), MiddleStageShare,
            $"in [0, {problems.Name(nameof(FineStageShare))}] with {problems.Name(nameof(FineStageShare))} <= 1");
        problems.Require(CoarseIterations >= 0, nameof(CoarseIterations), CoarseIterations, ">= 0");
        problems.RequirePositive(nameof(MiddleStageLr), MiddleStageLr);
        problems.RequirePositive(nameof(FineStageLr), FineStageLr);
        problems.RequirePositive(nameof(ColorStageLr), ColorStageLr);
        problems.RequirePositive(nameof(CoarseLr), CoarseLr);
        problems.RequirePositive(nameof(FirstFrameLrFactor), FirstFrameLrFactor);
        return problems.All;
    }
}
