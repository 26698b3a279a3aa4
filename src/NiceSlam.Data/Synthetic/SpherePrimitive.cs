using NiceSlam.Core.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Data.Synthetic;

/// <summary>A sphere of <see cref="Radius"/> metres, static or moving along a path (centre as a function of time).
/// Its texture is evaluated in the sphere's own frame (points relative to the centre at that time, plus the centre
/// at time 0), so a moving sphere carries its texture with it.</summary>
public sealed class SpherePrimitive : ScenePrimitive
{
    private readonly Func<double, Vec3>? path;

    public SpherePrimitive(string name, Vec3 centre, double radius, ProceduralTexture texture) : this(name, radius, texture, null, centre) { }

    /// <summary>A moving sphere whose centre at time t (seconds) is <paramref name="path"/>(t).</summary>
    public SpherePrimitive(string name, Func<double, Vec3> path, double radius, ProceduralTexture texture)
        : this(name, radius, texture, path ?? throw new ArgumentNullException(nameof(path)), path(0)) { }

    private SpherePrimitive(string name, double radius, ProceduralTexture texture, Func<double, Vec3>? path, Vec3 centre) : base(name, texture)
    {
        if (!(radius > 0)) throw new ArgumentOutOfRangeException(nameof(radius), "radius must be positive");
        Radius = radius;
        this.path = path;
        Centre = centre;
    }

    /// <summary>Centre at time 0.</summary>
    public Vec3 Centre { get; }

    public double Radius { get; }

    public override bool IsMoving => path is not null;

    public Vec3 CentreAt(double time) => path is null ? Centre : path(time);

    public override Tensor Intersect(Tensor origins, Tensor directions, double time)
    {
        using var hs = new HeldScalars();
        var oc = origins - Constant(CentreAt(time), origins);             // [N, 3]
        var b = (oc * directions).sum(1);                                  // [N]
        var c = (oc * oc).sum(1).sub(hs[Radius * Radius]);                 // [N]
        var discriminant = b * b - c;                                      // [N]
        var root = discriminant.clamp_min(hs[0.0]).sqrt();                 // [N]
        var near = -b - root;                                              // [N]
        var far = (-b).add(root, HeldScalars.One);                         // [N]
        var t = torch.where(near > hs[MinDistance], near, far);            // [N] far when the origin is inside
        return HitOrMiss((discriminant >= HeldScalars.Zero) & (t > hs[MinDistance]), t);
    }

    public override Tensor Distance(Tensor points, double time)
    {
        using var hs = new HeldScalars();
        return (points - Constant(CentreAt(time), points)).norm(1).sub(hs[Radius]).abs(); // [N]
    }

    public override Tensor Normal(Tensor points, double time)
    {
        using var hs = new HeldScalars();
        return (points - Constant(CentreAt(time), points)).div(hs[Radius]); // [N, 3]
    }

    public override Tensor Albedo(Tensor points, double time)
    {
        if (path is null) return Texture.Evaluate(points);
        var shift = Constant(Centre - CentreAt(time), points);             // [3]
        return Texture.Evaluate(points.add(shift, HeldScalars.One));       // [N, 3]
    }
}
