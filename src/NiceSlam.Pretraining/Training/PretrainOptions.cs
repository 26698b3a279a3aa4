namespace NiceSlam.Pretraining.Training;

/// <summary>Settings of a pretraining run. <see cref="Shipped"/> produced the weights in the repository.</summary>
public sealed record PretrainOptions
{
    /// <summary>Procedural scenes in the training pool (each with its own trainable grids).</summary>
    public int Scenes { get; init; } = 48;

    /// <summary>Optimisation steps of the middle/fine phase.</summary>
    public int Steps { get; init; } = 6000;

    /// <summary>Scenes per step (their losses are averaged).</summary>
    public int ScenesPerStep { get; init; } = 4;

    /// <summary>Points per scene and step drawn uniformly in the scene bounds, and near surfaces.</summary>
    public int UniformPoints { get; init; } = 2048;
    public int NearSurfacePoints { get; init; } = 2048;

    public double DecoderLearningRate { get; init; } = 2e-3;
    public double GridLearningRate { get; init; } = 1e-2;

    /// <summary>Weight of the mean squared grid feature (keeps features in the range SLAM's optimisation reaches).</summary>
    public double GridL2 { get; init; } = 1e-3;

    /// <summary>Steps of the coarse (2 m) phase, trained on its own.</summary>
    public int CoarseSteps { get; init; } = 600;

    public int Seed { get; init; } = 1;

    public static PretrainOptions Shipped { get; } = new();

    /// <summary>For tests: seconds, not minutes.</summary>
    public static PretrainOptions Tiny { get; } = new()
    {
        Scenes = 2, Steps = 12, ScenesPerStep = 2, UniformPoints = 256, NearSurfacePoints = 256, CoarseSteps = 6,
    };

    public void Validate()
    {
        if (Scenes < 1 || Steps < 0 || CoarseSteps < 0) throw new ArgumentException("scenes must be >= 1 and steps >= 0");
        if (ScenesPerStep < 1 || ScenesPerStep > Scenes) throw new ArgumentException($"scenes per step must be in 1..{Scenes}");
        if (UniformPoints < 0 || NearSurfacePoints < 0 || UniformPoints + NearSurfacePoints == 0) throw new ArgumentException("need points to train on");
        if (!(DecoderLearningRate > 0) || !(GridLearningRate > 0) || !(GridL2 >= 0)) throw new ArgumentException("learning rates must be > 0");
    }

    public IReadOnlyDictionary<string, string> ToMetadata() => new Dictionary<string, string>
    {
        ["scenes"] = Scenes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["steps"] = Steps.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["scenesPerStep"] = ScenesPerStep.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["uniformPoints"] = UniformPoints.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["nearSurfacePoints"] = NearSurfacePoints.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["decoderLearningRate"] = DecoderLearningRate.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        ["gridLearningRate"] = GridLearningRate.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        ["gridL2"] = GridL2.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        ["coarseSteps"] = CoarseSteps.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["seed"] = Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
