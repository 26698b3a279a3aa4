using NiceSlam.Core.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Data.Synthetic;

/// <summary>
/// An analytic surface of the synthetic scene that rays can hit. All methods work on batches of rays or points as
/// float64 tensors ([N, 3] -> [N] or [N, 3]) and allocate in the caller's dispose scope. <paramref name="time"/>
/// (seconds) only matters to moving primitives.
/// </summary>
public abstract class ScenePrimitive
{
    /// <summary>Hits closer than this along the ray (metres) are ignored (self-intersection guard).</summary>
    public const double MinDistance = 1e-9;

    protected ScenePrimitive(string name, ProceduralTexture texture)
    {
        Name = name;
        Texture = texture ?? throw new ArgumentNullException(nameof(texture));
    }

    public string Name { get; }

    public ProceduralTexture Texture { get; }

    /// <summary>True when the primitive's placement depends on time.</summary>
    public virtual bool IsMoving => false;

    /// <summary>Distance along each ray to the first hit: origins [N, 3], unit directions [N, 3] -> [N],
    /// +∞ where the ray misses.</summary>
    public abstract Tensor Intersect(Tensor origins, Tensor directions, double time);

    /// <summary>Unsigned distance from points [N, 3] to the surface: [N] (the reconstruction metrics' exact
    /// accuracy reference).</summary>
    public abstract Tensor Distance(Tensor points, double time);

    /// <summary>Unit outward normals at surface points [N, 3] -> [N, 3] (for planes: the side seen).</summary>
    public abstract Tensor Normal(Tensor points, double time);

    /// <summary>Albedo at surface points [N, 3] -> [N, 3] in [0, 1].</summary>
    public virtual Tensor Albedo(Tensor points, double time) => Texture.Evaluate(points);

    public override string ToString() => $"{GetType().Name} '{Name}'";

    /// <summary>where(valid, t, +∞).</summary>
    protected static Tensor HitOrMiss(Tensor valid, Tensor t)
    {
        using var hs = new HeldScalars();
        return torch.where(valid, t, torch.full_like(t, hs[double.PositiveInfinity]));
    }

    protected static Tensor Constant(Vec3 v, Tensor like) =>
        torch.tensor(new[] { v.X, v.Y, v.Z }, dtype: like.dtype, device: like.device); // [3]
}
