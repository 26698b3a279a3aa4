using NiceSlam.Core.Map;
using NiceSlam.Pretraining.Scenes;
using TorchSharp;

namespace NiceSlam.Pretraining.Training;

/// <summary>The scenes `pretrain` and `decoders-bench` use: procedural furnished rooms by seed (training scenes
/// 0..N-1, evaluation scenes from a far seed), sampled with <see cref="OccupancySampler"/>.</summary>
public sealed class ProceduralOccupancyScene(TrainingScene scene) : IOccupancyScene
{
    public TrainingScene Scene { get; } = scene;

    public Bounds3 Bounds => Scene.Bounds;

    public static IOccupancyScene Generate(int seed) => new ProceduralOccupancyScene(TrainingSceneGenerator.Generate(seed));

    public (torch.Tensor Points, torch.Tensor Labels) Sample(int uniformCount, int nearSurfaceCount, torch.Generator generator) =>
        OccupancySampler.Sample(Scene, uniformCount, nearSurfaceCount, generator);
}
