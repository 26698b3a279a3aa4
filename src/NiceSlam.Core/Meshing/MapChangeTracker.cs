using NiceSlam.Core.Compute;
using NiceSlam.Core.Decoders;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Map;
using static TorchSharp.torch;

namespace NiceSlam.Core.Meshing;

/// <summary>
/// Finds the blocks of a <see cref="BlockLattice"/> whose mesh a new map may have changed, by comparing it with
/// the map of the previous call: it keeps copies of the middle, fine and colour grid values and of the decoders'
/// parameters (one copy each, owned here), and each view's frame and pose. A grid vertex changed when any channel
/// moved by more than the value tolerance (0: any change); a block is touched by every vertex whose trilinear
/// support reaches its box (found with one 3-D prefix sum per grid, no per-vertex loop). A view added, or moved by
/// more than the pose tolerance (the largest displacement of a point in its frustum) since the pose last acted on,
/// touches the blocks its frustum (out to its deepest measurement plus the cull margin) meets — before and after a
/// move. Single-threaded; no I/O.
/// </summary>
internal sealed class MapChangeTracker : IDisposable
{
    private readonly double valueTolerance, poseTolerance, cullMargin;
    private readonly Dictionary<string, GridCopy> grids = [];
    private readonly Dictionary<string, Tensor> decoders = [];
    private readonly List<(FrameTensors Frame, RigidTransform Pose)> views = [];
    private bool started;

    public MapChangeTracker(double cullMargin, double valueTolerance = 0, double poseTolerance = 0)
    {
        if (!(cullMargin >= 0)) throw new ArgumentOutOfRangeException(nameof(cullMargin), $"cull margin must be >= 0 m, got {cullMargin}");
        if (!(valueTolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(valueTolerance), $"value tolerance must be >= 0, got {valueTolerance}");
        if (!(poseTolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(poseTolerance), $"pose tolerance must be >= 0 m, got {poseTolerance}");
        this.cullMargin = cullMargin;
        this.valueTolerance = valueTolerance;
        this.poseTolerance = poseTolerance;
    }

    private sealed record GridCopy(Bounds3 Bounds, Tensor Values) : IDisposable
    {
        public void Dispose() => Values.Dispose();
    }

    /// <summary>
    /// The changes of <paramref name="map"/> and <paramref name="views"/> since the previous call, over
    /// <paramref name="blocks"/> (each with its cubes over the map's bounds, <see cref="BlockLattice.BlocksOf"/>);
    /// then remembers this map and these views for the next call.
    /// </summary>
    public MapChanges Update(HierarchicalMap map, IReadOnlyList<CullingView> views, BlockLattice lattice, IReadOnlyDictionary<MeshBlock, BlockCubes> blocks)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(views);
        ArgumentNullException.ThrowIfNull(lattice);
        ArgumentNullException.ThrowIfNull(blocks);
        using var _ = inference_mode();
        using var scope = NewDisposeScope();
        var boxes = blocks.ToDictionary(p => p.Key, p => lattice.BoxOf(p.Value));
        bool everything = !started;

        var (geometryDecoder, colourDecoder) = DecodersChanged(map.Decoders);
        everything |= geometryDecoder;

        var geometry = new HashSet<MeshBlock>();
        var colour = new HashSet<MeshBlock>();
        Touched(map.Middle, "middle", boxes, geometry);
        Touched(map.Fine, "fine", boxes, geometry);
        Touched(map.Color, "color", boxes, colour);

        var culling = new HashSet<MeshBlock>();
        int added = 0, moved = 0;
        if (views.Count < this.views.Count || views.Zip(this.views).Any(p => !ReferenceEquals(p.First.Frame, p.Second.Frame)))
        {
            everything = true;                                                                     // replaced (reset, load)
            this.views.Clear();
        }
        for (int i = 0; i < views.Count; i++)
        {
            var view = views[i];
            if (i >= this.views.Count)
            {
                InFrustum(view.Frame, view.CameraToWorld, boxes, culling);
                this.views.Add((view.Frame, view.CameraToWorld));
                added++;
                continue;
            }
            var before = this.views[i].Pose;
            if (Displacement(before, view.CameraToWorld, view.Frame.MaxDepth + cullMargin) <= poseTolerance) continue;
            InFrustum(view.Frame, before, boxes, culling);
            InFrustum(view.Frame, view.CameraToWorld, boxes, culling);
            this.views[i] = (view.Frame, view.CameraToWorld);
            moved++;
        }
        started = true;
        return new MapChanges(everything, geometry, colour, culling, colourDecoder, added, moved);
    }

    /// <summary>Whether a geometry decoder and whether the colour decoder changed; keeps copies of their parameters.</summary>
    private (bool Geometry, bool Colour) DecodersChanged(NiceDecoders current)
    {
        bool geometry = false, colour = false;
        foreach (var (name, parameter) in current.named_parameters())
        {
            bool changed = !decoders.TryGetValue(name, out var copy) || !copy.shape.SequenceEqual(parameter.shape)
                || (copy - parameter).abs().max().item<float>() > 0;
            if (!changed) continue;
            if (NiceDecoders.IsGeometryParameter(name)) geometry = true;
            else colour = true;
            copy?.Dispose();
            decoders[name] = parameter.detach().clone().DetachFromDisposeScope();
        }
        return (geometry, colour);
    }

    /// <summary>Adds to <paramref name="touched"/> the blocks whose box some changed vertex of <paramref name="grid"/>
    /// reaches, and keeps a copy of the grid for the next call.</summary>
    private void Touched(FeatureGrid grid, string name, IReadOnlyDictionary<MeshBlock, Bounds3> boxes, HashSet<MeshBlock> touched)
    {
        using var scope = NewDisposeScope();
        var values = grid.Values.detach()[0];                                                     // [C, Z, Y, X]
        long nz = values.shape[1], ny = values.shape[2], nx = values.shape[3];
        var changed = ChangedVertices(grid, values, grids.GetValueOrDefault(name));              // bool [Z, Y, X]
        var padded = nn.functional.pad(changed.to(int32), [1, 0, 1, 0, 1, 0]);                   // [Z+1, Y+1, X+1]
        var prefix = padded.cumsum(0).cumsum(1).cumsum(2).to(int64).cpu().data<long>().ToArray(); // 3-D prefix sums
        long sx = nx + 1, sy = ny + 1;
        long Sum(long z, long y, long x) => prefix[(z * sy + y) * sx + x];
        var b = grid.Bounds;
        double stepX = b.SizeX / (nx - 1), stepY = b.SizeY / (ny - 1), stepZ = b.SizeZ / (nz - 1);
        // A point reads the vertices floor((p - min) / step) and the next: a box [lo, hi] reads
        // [floor(lo), floor(hi) + 1]; a slack of 1e-4 steps absorbs the rounding of float32 lattice points.
        static (long, long) Span(double lo, double hi, double min, double step, long count) =>
            (Math.Clamp((long)Math.Floor((lo - min) / step - 1e-4), 0, count - 1), Math.Clamp((long)Math.Floor((hi - min) / step + 1e-4) + 1, 0, count - 1));
        foreach (var (block, box) in boxes)
        {
            var (x0, x1) = Span(box.MinX, box.MaxX, b.MinX, stepX, nx);
            var (y0, y1) = Span(box.MinY, box.MaxY, b.MinY, stepY, ny);
            var (z0, z1) = Span(box.MinZ, box.MaxZ, b.MinZ, stepZ, nz);
            x1++; y1++; z1++;                                                                     // prefix sums are exclusive
            long count = Sum(z1, y1, x1) - Sum(z0, y1, x1) - Sum(z1, y0, x1) - Sum(z1, y1, x0)
                + Sum(z0, y0, x1) + Sum(z0, y1, x0) + Sum(z1, y0, x0) - Sum(z0, y0, x0);
            if (count > 0) touched.Add(block);
        }
        // The copy takes the new values where they changed; elsewhere it keeps the values last counted as a change,
        // so changes below the tolerance cannot add up unseen (a vertex stays within the tolerance of its copy).
        var copy = grids.GetValueOrDefault(name);
        if (copy is not null && copy.Values.shape.SequenceEqual(values.shape) && copy.Bounds == b)
            copy.Values.copy_(where(changed.unsqueeze(0), values, copy.Values));
        else
        {
            grids.Remove(name);
            copy?.Dispose();
            grids[name] = new GridCopy(b, values.clone().DetachFromDisposeScope());
        }
    }

    /// <summary>bool [Z, Y, X]: vertices of <paramref name="values"/> [C, Z, Y, X] that differ from the copy
    /// (vertices the copy does not have count as changed; all of them when the lattices do not line up).</summary>
    private Tensor ChangedVertices(FeatureGrid grid, Tensor values, GridCopy? copy)
    {
        long nz = values.shape[1], ny = values.shape[2], nx = values.shape[3];
        var changed = ones(new[] { nz, ny, nx }, ScalarType.Bool, values.device);
        if (copy is null || copy.Values.shape[0] != values.shape[0]) return changed;
        var b = grid.Bounds;
        double stepX = b.SizeX / (nx - 1), stepY = b.SizeY / (ny - 1), stepZ = b.SizeZ / (nz - 1);
        long? Offset(double copyMin, double min, double step)
        {
            double steps = (copyMin - min) / step, rounded = Math.Round(steps);
            return Math.Abs(steps - rounded) <= 1e-4 ? (long)rounded : null;
        }
        long oz0 = copy.Values.shape[1], oy0 = copy.Values.shape[2], ox0 = copy.Values.shape[3];
        if (Offset(copy.Bounds.MinX, b.MinX, stepX) is not { } ox || Offset(copy.Bounds.MinY, b.MinY, stepY) is not { } oy
            || Offset(copy.Bounds.MinZ, b.MinZ, stepZ) is not { } oz
            || Math.Abs(copy.Bounds.SizeX / Math.Max(1, ox0 - 1) - stepX) > 1e-9 * stepX
            || ox < 0 || oy < 0 || oz < 0 || ox + ox0 > nx || oy + oy0 > ny || oz + oz0 > nz)
            return changed;
        var overlap = values.narrow(1, oz, oz0).narrow(2, oy, oy0).narrow(3, ox, ox0);             // [C, Z0, Y0, X0]
        using var s = new HeldScalars();
        var moved = (overlap - copy.Values).abs().amax(0) > s[valueTolerance];                   // [Z0, Y0, X0]
        changed.narrow(0, oz, oz0).narrow(1, oy, oy0).narrow(2, ox, ox0).copy_(moved);
        return changed;
    }

    /// <summary>Adds the blocks whose box meets the view's frustum (in front of it, inside its image give or take a
    /// pixel, no deeper than its deepest measurement plus the cull margin): box-against-plane, conservative.</summary>
    private void InFrustum(FrameTensors frame, RigidTransform cameraToWorld, IReadOnlyDictionary<MeshBlock, Bounds3> boxes, HashSet<MeshBlock> touched)
    {
        var k = frame.Intrinsics;
        var worldToCamera = cameraToWorld.Inverse();
        double far = frame.MaxDepth + cullMargin;
        // Image-plane slopes of the frustum's sides: x / z in [left, right], y / z in [top, bottom].
        double left = (-1 - k.Cx) / k.Fx, right = (k.Width + 0 - k.Cx) / k.Fx, top = (-1 - k.Cy) / k.Fy, bottom = (k.Height + 0 - k.Cy) / k.Fy;
        var corners = new (double X, double Y, double Z)[8];
        bool AllOutside(Func<(double X, double Y, double Z), bool> outside) => corners.All(outside);
        foreach (var (block, box) in boxes)
        {
            for (int c = 0; c < 8; c++)
                corners[c] = worldToCamera.Apply((c & 1) == 0 ? box.MinX : box.MaxX, (c & 2) == 0 ? box.MinY : box.MaxY, (c & 4) == 0 ? box.MinZ : box.MaxZ);
            if (AllOutside(p => p.Z <= 0) || AllOutside(p => p.Z > far)
                || AllOutside(p => p.X < left * p.Z) || AllOutside(p => p.X > right * p.Z)
                || AllOutside(p => p.Y < top * p.Z) || AllOutside(p => p.Y > bottom * p.Z))
                continue;
            touched.Add(block);
        }
    }

    /// <summary>An upper bound on how far a point within <paramref name="reach"/> of the camera moves between the
    /// two poses: the centre's displacement plus the rotation angle times the reach.</summary>
    private static double Displacement(RigidTransform before, RigidTransform after, double reach)
    {
        var delta = before.Inverse() * after;
        return delta.TranslationNorm() + delta.RotationAngle() * reach;
    }

    public void Dispose()
    {
        foreach (var g in grids.Values) g.Dispose();
        grids.Clear();
        foreach (var d in decoders.Values) d.Dispose();
        decoders.Clear();
        views.Clear();
    }
}
