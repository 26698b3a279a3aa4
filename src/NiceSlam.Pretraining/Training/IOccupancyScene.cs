using NiceSlam.Core.Map;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Pretraining.Training;

/// <summary>A scene the trainer can draw labelled points from: its bounds (the grids span them) and occupancy
/// samples (points [N, 3] float32, labels [N] float32 in {0, 1}).</summary>
public interface IOccupancyScene
{
    Bounds3 Bounds { get; }

    (Tensor Points, Tensor Labels) Sample(int uniformCount, int nearSurfaceCount, Generator generator);
}
