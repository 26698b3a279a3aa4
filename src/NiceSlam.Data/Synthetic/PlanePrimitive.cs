using NiceSlam.Core.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Data.Synthetic;

/// <summary>A one-sided infinite plane {p : n·p = offset}, seen only from the side its unit normal n points to
/// (the room's floor, ceiling and walls, normals pointing into the room).</summary>
public sealed class PlanePrimitive : ScenePrimitive
{
    public PlanePrimitive(string name, Vec3 normal, double offset, ProceduralTexture texture) : base(name, texture)
    {
        PlaneNormal = normal.Normalized();
        Offset = offset / normal.Length;
    }

    public Vec3 PlaneNormal { get; }

    public double Offset { get; }

    public override Tensor Intersect(Tensor origins, Tensor directions, double time)
    {
        using var hs = new HeldScalars();
        var n = Constant(PlaneNormal, origins);                       // [3]
        var denominator = directions.matmul(n);                       // [N]
        var t = origins.matmul(n).negative().add(hs[Offset], HeldScalars.One) / denominator; // [N] (offset - o·n) / d·n
        return HitOrMiss((denominator < hs[-1e-12]) & (t > hs[MinDistance]), t);
    }

    public override Tensor Distance(Tensor points, double time)
    {
        using var hs = new HeldScalars();
        return points.matmul(Constant(PlaneNormal, points)).sub(hs[Offset]).abs(); // [N]
    }

    public override Tensor Normal(Tensor points, double time) =>
        Constant(PlaneNormal, points).expand(points.shape[0], 3).clone(); // [N, 3]
}
