namespace NiceSlam.Pretraining.Scenes;

/// <summary>Ranges the scene generator draws from (uniformly), metres.</summary>
public sealed record TrainingSceneOptions
{
    public double MinWidth { get; init; } = 3.0;
    public double MaxWidth { get; init; } = 8.0;
    public double MinDepth { get; init; } = 3.0;
    public double MaxDepth { get; init; } = 7.0;
    public double MinHeight { get; init; } = 2.4;
    public double MaxHeight { get; init; } = 3.2;

    /// <summary>Object count range; the generator aims for a count drawn in it and may place fewer in a small room.</summary>
    public int MinObjects { get; init; } = 8;
    public int MaxObjects { get; init; } = 25;

    public double MinWallThickness { get; init; } = 0.1;
    public double MaxWallThickness { get; init; } = 0.25;

    public static TrainingSceneOptions Default { get; } = new();

    public void Validate()
    {
        static void Range(string name, double min, double max, double floor)
        {
            if (!(min >= floor && max >= min) || !double.IsFinite(min + max))
                throw new ArgumentException($"{name}: need {floor} <= min <= max, got [{min}, {max}]");
        }
        Range("width", MinWidth, MaxWidth, 2.0);
        Range("depth", MinDepth, MaxDepth, 2.0);
        Range("height", MinHeight, MaxHeight, 2.2);
        Range("wall thickness", MinWallThickness, MaxWallThickness, 1e-3);
        if (MaxWallThickness >= TrainingScene.Margin) throw new ArgumentException($"wall thickness must stay below the {TrainingScene.Margin} m margin, got {MaxWallThickness}");
        if (!(MinObjects >= 0 && MaxObjects >= MinObjects)) throw new ArgumentException($"object count: need 0 <= min <= max, got [{MinObjects}, {MaxObjects}]");
    }
}
