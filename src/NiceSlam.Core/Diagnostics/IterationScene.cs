using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Map;
using NiceSlam.Core.Slam;
using static TorchSharp.torch;

namespace NiceSlam.Core.Diagnostics;

/// <summary>
/// What one tracking or mapping iteration is timed on (<see cref="IterationTiming"/>, <see cref="IterationProfiler"/>):
/// settings, a map, one frame at its true pose and the random generator. Owns the map, the frame and the generator.
/// </summary>
public sealed class IterationScene(SlamOptions options, Generator generator, HierarchicalMap map, FrameTensors frame, RigidTransform pose) : IDisposable
{
    public SlamOptions Options { get; } = options;
    public Generator Generator { get; } = generator;
    public HierarchicalMap Map { get; } = map;
    public FrameTensors Frame { get; } = frame;
    public RigidTransform Pose { get; } = pose;

    public void Dispose()
    {
        Frame.Dispose();
        Map.Dispose();
        Generator.Dispose();
    }
}
