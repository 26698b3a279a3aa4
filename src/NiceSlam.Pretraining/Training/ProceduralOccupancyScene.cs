using NiceSlam.Pretraining.Rooms;

namespace NiceSlam.Pretraining.Training;

/// <summary>The scenes `pretrain` and `decoders-bench` use: procedural rooms by seed (training scenes 0..N-1,
/// evaluation scenes from a far seed).</summary>
public static class ProceduralOccupancyScene
{
    public static IOccupancyScene Generate(int seed) => RoomGenerator.Generate(seed);
}
