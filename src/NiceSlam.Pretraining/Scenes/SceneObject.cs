using NiceSlam.Core.Map;

namespace NiceSlam.Pretraining.Scenes;

/// <summary>One object of a training scene: a kind and the solids it is made of (e.g. a table top and four legs).</summary>
public sealed class SceneObject
{
    public SceneObject(SceneObjectKind kind, IReadOnlyList<ISolid> solids)
    {
        ArgumentNullException.ThrowIfNull(solids);
        if (solids.Count == 0) throw new ArgumentException("an object needs at least one solid", nameof(solids));
        Kind = kind;
        Solids = solids;
        var b = solids[0].Bounds;
        foreach (var s in solids.Skip(1))
        {
            var o = s.Bounds;
            b = new Bounds3(Math.Min(b.MinX, o.MinX), Math.Min(b.MinY, o.MinY), Math.Min(b.MinZ, o.MinZ),
                Math.Max(b.MaxX, o.MaxX), Math.Max(b.MaxY, o.MaxY), Math.Max(b.MaxZ, o.MaxZ));
        }
        Bounds = b;
    }

    public SceneObjectKind Kind { get; }
    public IReadOnlyList<ISolid> Solids { get; }

    /// <summary>Axis-aligned bounds of all its solids.</summary>
    public Bounds3 Bounds { get; }

    public override string ToString() => $"{Kind} ({Solids.Count} solids, z {Bounds.MinZ:F2}..{Bounds.MaxZ:F2})";
}
