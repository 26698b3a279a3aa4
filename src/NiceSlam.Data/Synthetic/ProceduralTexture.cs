using NiceSlam.Core.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Data.Synthetic;

/// <summary>
/// A solid procedural texture: albedo in [0, 1] as a function of the world point, evaluated on tensors
/// (points [N, 3] float64 -> colours [N, 3] float64). Being a function of the surface point only, the colour of a
/// surface point is the same from every view (Lambertian world), which photometric tracking relies on.
/// Factories allocate in the caller's dispose scope.
/// </summary>
public sealed class ProceduralTexture
{
    private readonly Func<Tensor, Tensor> evaluate;

    public ProceduralTexture(Func<Tensor, Tensor> evaluate, string description)
    {
        this.evaluate = evaluate ?? throw new ArgumentNullException(nameof(evaluate));
        Description = description;
    }

    public string Description { get; }

    /// <summary>Albedo of world points [N, 3] -> [N, 3] in [0, 1].</summary>
    public Tensor Evaluate(Tensor points)
    {
        using var hs = new HeldScalars();
        return evaluate(points).clamp(hs[0.0], hs[1.0]);
    }

    public override string ToString() => Description;

    /// <summary>One colour everywhere.</summary>
    public static ProceduralTexture Solid(Colour c) =>
        new(p => Broadcast(c, p), $"solid {c}");

    /// <summary>Checkerboard of square cells of <paramref name="size"/> metres in the plane spanned by the
    /// directions <paramref name="u"/> and <paramref name="v"/> (the coordinates are p·u and p·v, shifted by a
    /// quarter cell so that cell borders never coincide with the room's planes).</summary>
    public static ProceduralTexture Checker(Colour a, Colour b, double size, Vec3 u, Vec3 v) =>
        new(p =>
        {
            using var hs = new HeldScalars();
            var su = torch.floor(Dot(p, u).add(hs[0.25 * size], HeldScalars.One).div(hs[size]));     // [N]
            var sv = torch.floor(Dot(p, v).add(hs[0.25 * size], HeldScalars.One).div(hs[size]));     // [N]
            var parity = torch.remainder(su.add(sv, HeldScalars.One), hs[2.0]);                      // [N] 0 or 1
            return Mix(a, b, parity, p);
        }, $"checker {size} m");

    /// <summary>Smooth sinusoidal stripes across <paramref name="direction"/> with the given period (metres).</summary>
    public static ProceduralTexture Stripes(Colour a, Colour b, double period, Vec3 direction, double phase = 0) =>
        new(p =>
        {
            using var hs = new HeldScalars();
            var wave = torch.sin(Dot(p, direction).mul(hs[2 * Math.PI / period]).add(hs[phase], HeldScalars.One)); // [N]
            return Mix(a, b, wave.mul(hs[0.5]).add(hs[0.5], HeldScalars.One), p);                                  // 0.5 + 0.5 wave
        }, $"stripes {period} m");

    /// <summary>Linear ramp from <paramref name="a"/> at coordinate <paramref name="from"/> to <paramref name="b"/>
    /// at <paramref name="to"/> along <paramref name="direction"/>, clamped outside.</summary>
    public static ProceduralTexture Gradient(Colour a, Colour b, Vec3 direction, double from, double to) =>
        new(p =>
        {
            using var hs = new HeldScalars();
            return Mix(a, b, Dot(p, direction).sub(hs[from]).div(hs[to - from]).clamp(hs[0.0], hs[1.0]), p); // (p·d - from) / (to - from)
        }, "gradient");

    /// <summary>Smooth blobs: the product of two sinusoids along <paramref name="u"/> and <paramref name="v"/>.</summary>
    public static ProceduralTexture Waves(Colour a, Colour b, double periodU, Vec3 u, double periodV, Vec3 v) =>
        new(p =>
        {
            using var hs = new HeldScalars();
            var w = torch.sin(Dot(p, u).mul(hs[2 * Math.PI / periodU])) * torch.cos(Dot(p, v).mul(hs[2 * Math.PI / periodV])); // [N]
            return Mix(a, b, w.mul(hs[0.5]).add(hs[0.5], HeldScalars.One), p);                                                // 0.5 + 0.5 w
        }, "waves");

    /// <summary>Segments around a vertical axis through <paramref name="centre"/> (x, y), alternating every
    /// 2π/<paramref name="segments"/> radians, crossed with horizontal bands of <paramref name="bandHeight"/> metres
    /// (0 = no bands): for spheres and cylinders.</summary>
    public static ProceduralTexture Segments(Colour a, Colour b, int segments, Vec3 centre, double bandHeight = 0) =>
        new(p =>
        {
            using var hs = new HeldScalars();
            var angle = torch.atan2(p[.., 1].sub(hs[centre.Y]), p[.., 0].sub(hs[centre.X]));                     // [N] -π..π
            var s = torch.floor(angle.add(hs[Math.PI], HeldScalars.One).mul(hs[segments / (2 * Math.PI)]));      // [N]
            if (bandHeight > 0) s = s.add(torch.floor(p[.., 2].sub(hs[centre.Z]).div(hs[bandHeight]).add(hs[0.25], HeldScalars.One)), HeldScalars.One);
            return Mix(a, b, torch.remainder(s, hs[2.0]), p);
        }, $"segments {segments}");

    /// <summary>This texture times a brightness modulation 1 - depth/2 + depth/2·sin(2π p·direction / period), which
    /// adds gradients inside otherwise flat cells.</summary>
    public ProceduralTexture Modulated(double depth, double period, Vec3 direction)
    {
        var inner = this;
        return new ProceduralTexture(p =>
        {
            using var hs = new HeldScalars();
            var m = torch.sin(Dot(p, direction).mul(hs[2 * Math.PI / period])).mul(hs[depth / 2]).add(hs[1 - depth / 2], HeldScalars.One); // [N]
            return inner.evaluate(p) * m.unsqueeze(1);                                                                              // [N, 3]
        }, $"{Description}, modulated {depth} / {period} m");
    }

    /// <summary>Average of two textures weighted by <paramref name="weight"/> (of <paramref name="other"/>).</summary>
    public ProceduralTexture Blend(ProceduralTexture other, double weight)
    {
        var inner = this;
        return new ProceduralTexture(p =>
        {
            using var hs = new HeldScalars();
            return inner.evaluate(p).mul(hs[1 - weight]).add(other.evaluate(p).mul(hs[weight]), HeldScalars.One); // [N, 3]
        }, $"{Description} + {other.Description}");
    }

    private static Tensor Dot(Tensor p, Vec3 d)
    {
        using var hs = new HeldScalars();
        return p[.., 0].mul(hs[d.X]).add(p[.., 1].mul(hs[d.Y]), HeldScalars.One).add(p[.., 2].mul(hs[d.Z]), HeldScalars.One); // [N]
    }

    private static Tensor ColourTensor(Colour c, Tensor like) =>
        torch.tensor(new[] { c.R, c.G, c.B }, dtype: like.dtype, device: like.device); // [3]

    private static Tensor Broadcast(Colour c, Tensor p) => ColourTensor(c, p).expand(p.shape[0], 3).clone(); // [N, 3]

    /// <summary>a + (b - a) w, w [N] -> [N, 3].</summary>
    private static Tensor Mix(Colour a, Colour b, Tensor w, Tensor like)
    {
        var ca = ColourTensor(a, like);
        var cb = ColourTensor(b, like);
        return ca.add((cb - ca) * w.unsqueeze(1), HeldScalars.One);
    }
}
