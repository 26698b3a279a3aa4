using System.Diagnostics;
using NiceSlam.Core.Compute;
using NiceSlam.Core.Decoders;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Map;
using NiceSlam.Core.Mapping;
using NiceSlam.Core.Rendering;
using NiceSlam.Core.Slam;
using NiceSlam.Core.Tracking;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NiceSlam.Core.Diagnostics;

/// <summary>One operation class of an iteration: forward and backward milliseconds (backward 0 where none runs).</summary>
public sealed record ProfileEntry(string Class, double ForwardMs, double BackwardMs, string Note = "");

/// <summary>
/// Where the time of one iteration goes, per operation class, for one code path: the classes timed alone on the
/// iteration's own tensors, the whole iteration timed in the engine (<see cref="IterationMs"/>), the remainder
/// (dispatch, autograd bookkeeping, small ops), fresh memory pages the iteration touches and the host reads it makes,
/// and the decoders' arithmetic as a share of what the matmul rate allows.
/// </summary>
public sealed record IterationProfile(string Loop, string Path, int Pixels, long Points, int SamplesPerRay, double IterationMs,
    IReadOnlyList<ProfileEntry> Entries, double OtherMs, double FreshMegabytesPerIteration, double PageFaultMs, int HostReads,
    double HostReadMs, double DecoderFlopsPerPoint, double DecoderShare, double IterationShare, double MatmulGflops);

/// <summary>
/// Profiles one tracking and one mapping (colour stage) iteration by operation class: each class (ray sampling and
/// sorting, grid lookups, Fourier features, decoder layers, compositing and loss, optimiser step) runs alone, forward
/// and then backward from a random upstream gradient, on inputs shaped and flagged (requires-grad) exactly as in the
/// iteration, median of several runs; the whole iteration is timed in the real tracker / mapper. libtorch has no
/// profiler reachable from .NET, hence this decomposition: what it cannot split (dispatch, autograd bookkeeping,
/// the small ops between classes) is the remainder.
/// </summary>
public static class IterationProfiler
{
    private const int Runs = 7;

    public static IterationProfile Tracking(IterationScene scene, SlamOptions path, int pixels, double matmulGflops, string description)
    {
        var options = path.Clone();
        options.Tracking.Pixels = pixels;
        var map = scene.Map;
        var sampling = options.Rendering.RaySampling();
        var renderer = new VolumeRenderer(map.Bounds, sampling, options.Rendering.Fused);
        bool fused = options.Rendering.Fused;
        var entries = new List<ProfileEntry>();
        using var frozen = map.Frozen();
        using var pose = new PoseTensor(scene.Pose, map.Device, requiresGrad: true);
        using var scope = NewDisposeScope();

        // The whole iteration in the tracker, and the fresh pages it touches.
        var (iterationMs, freshMb, faultMs) = InSitu(() => IterationTiming.TrackIteration(scene, path, pixels, 5), 5);

        // Ray sampling: pixels, rays (differentiable in the pose), exit depths, sample depths (sort or merge), points.
        entries.Add(new("ray sampling + sorting", Time(() => SampleRays(scene, renderer, pose, pixels)), 0));
        var (rays, kept, z, points) = SampleRays(scene, renderer, pose, pixels);
        entries.Add(new("  of which sample depths (sort / merge)", Time(() => { using (no_grad()) _ = SampleDepths(renderer, rays.Depth, kept); }), 0, "included above"));
        long count = points.shape[0];
        var flat = points.detach().requires_grad_(true);            // tracking: points carry the pose's gradient

        var (gridF, gridB) = TimeForwardBackward(() => Lookups(map, flat, MapLevel.Fine, color: true, fused));
        entries.Add(new("grid lookups (middle, fine, colour)", gridF, gridB));
        var (embF, embB) = TimeForwardBackward(() => Embeddings(map.Decoders, flat, fine: true, color: true));
        entries.Add(new("Fourier features", embF, embB));
        var features = Lookups(map, flat, MapLevel.Fine, color: true, fused).Select(t => t.detach().requires_grad_(true)).ToArray();
        var embedded = Embeddings(map.Decoders, flat, fine: true, color: true).Select(t => t.detach().requires_grad_(true)).ToArray();
        var (decF, decB) = TimeForwardBackward(() => Layers(map.Decoders, embedded, features));
        entries.Add(new("decoder layers", decF, decB));
        var outputs = Layers(map.Decoders, embedded, features);
        var logits = outputs[0].detach().requires_grad_(true);
        var rgb = outputs[1].detach().requires_grad_(true);
        var (compF, compB) = TimeForwardBackward(() =>
        {
            var rendered = Composite(renderer, z, flat.detach().reshape(z.shape[0], z.shape[1], 3), logits, rgb, rays.Depth.shape[0], kept);
            return [RenderingRefinement.Loss(rendered, rays, options.Tracking.ColorWeight, options.Tracking.DynamicRejectionMedians).Loss];
        }, unitGradient: true);
        entries.Add(new("compositing + loss", compF, compB));

        // Optimiser: the two pose Adam steps with gradients present.
        using var translation = new HeldScalarAdam([pose.Translation], options.Tracking.TranslationLr);
        using var rotation = new HeldScalarAdam([pose.Quaternion], options.Tracking.RotationLr);
        using (var pass = NewDisposeScope())
            RenderingRefinement.Loss(renderer, map, RayBatch.From(scene.Frame, scene.Frame.SamplePixels(pixels, scene.Generator), pose), options.Tracking.ColorWeight,
                options.Tracking.DynamicRejectionMedians).Loss.backward();
        double stepMs = Time(() => { translation.Step(); rotation.Step(); });
        entries.Add(new("optimiser step (pose, 2 x Adam)", stepMs, 0));

        int reads = 3 + (fused ? 1 : 0) + (sampling.Mode == RaySamplingMode.Reference ? 1 : 0);   // loss, any, inliers; kept rays; max depth
        double readMs = reads * HostReadMs();
        return Finish("tracking", description, pixels, count, sampling.SamplesPerRay, iterationMs, entries, freshMb, faultMs, reads, readMs,
            TrackingFlopsPerPoint(map.Decoders), matmulGflops);
    }

    public static IterationProfile Mapping(IterationScene scene, SlamOptions path, int pixels, double matmulGflops, string description)
    {
        var options = path.Clone();
        options.Mapping.Pixels = pixels;
        var map = scene.Map;
        var sampling = options.Rendering.RaySampling();
        var renderer = new VolumeRenderer(map.Bounds, sampling, options.Rendering.Fused);
        bool fused = options.Rendering.Fused;
        var entries = new List<ProfileEntry>();
        using var pose = new PoseTensor(scene.Pose, map.Device, requiresGrad: false);    // no bundle adjustment in a one-frame window
        using var scope = NewDisposeScope();

        var (iterationMs, freshMb, faultMs) = InSitu(() => IterationTiming.MapIteration(scene, path, pixels, 6, colorOnly: true), 6);

        entries.Add(new("ray sampling + sorting", Time(() => { using (no_grad()) SampleRays(scene, renderer, pose, pixels); }), 0));
        var (rays, kept, z, points) = SampleRays(scene, renderer, pose, pixels);
        entries.Add(new("  of which sample depths (sort / merge)", Time(() => { using (no_grad()) _ = SampleDepths(renderer, rays.Depth, kept); }), 0, "included above"));
        long count = points.shape[0];
        var flat = points.detach();                                  // mapping: points carry no gradient

        var (gridF, gridB) = TimeForwardBackward(() => { ClearGrids(map); return Lookups(map, flat, MapLevel.Fine, color: true, fused); });
        entries.Add(new("grid lookups (middle, fine, colour)", gridF, gridB, "backward into the grids"));
        ClearGrids(map);
        entries.Add(new("Fourier features", Time(() => { using (no_grad()) Embeddings(map.Decoders, flat, fine: true, color: true); }), 0,
            "no gradient to points"));
        Tensor[] features, embedded;
        using (no_grad()) embedded = Embeddings(map.Decoders, flat, fine: true, color: true);
        features = Lookups(map, flat, MapLevel.Fine, color: true, fused).Select(t => t.detach().requires_grad_(true)).ToArray();
        var (decF, decB) = TimeForwardBackward(() => { ClearDecoder(map); return Layers(map.Decoders, embedded, features); });
        entries.Add(new("decoder layers", decF, decB, "colour decoder trains"));
        ClearDecoder(map);
        var outputs = Layers(map.Decoders, embedded, features);
        var logits = outputs[0].detach().requires_grad_(true);
        var rgb = outputs[1].detach().requires_grad_(true);
        var (compF, compB) = TimeForwardBackward(() =>
        {
            var rendered = Composite(renderer, z, flat.reshape(z.shape[0], z.shape[1], 3), logits, rgb, rays.Depth.shape[0], kept);
            var keep = rendered.InsideBounds.to(float32);
            using var s = new HeldScalars();
            var loss = ((rays.Depth - rendered.Depth).abs() * keep).sum()
                .add(((rays.Color - rendered.Color!).abs().sum(1) * keep).sum().mul(s[options.Mapping.ColorWeight]), HeldScalars.One);
            return [loss];
        }, unitGradient: true);
        entries.Add(new("compositing + loss", compF, compB));

        // Optimiser: the colour stage's steps (middle, fine, colour grids and the colour decoder) with gradients present.
        var current = scene.Frame;
        var masks = new[] { map.Middle, map.Fine, map.Color }.Select(g => FrustumMask.Compute(g, current, scene.Pose, options.Mapping.FrustumDepthMargin)).ToArray();
        var grids = new[] { map.Middle, map.Fine, map.Color };
        var optimizers = grids.Select((g, i) => IGridOptimizer.Create(g, masks[i], fused)).ToArray();
        using var decoderAdam = new HeldScalarAdam(map.Decoders.Color.parameters(), options.Mapping.ColorStageLr);
        Tensor[] gridValues = grids.Select(g => g.Values.detach().clone()).ToArray();
        Tensor[] decoderValues = map.Decoders.Color.parameters().Select(p => p.detach().clone()).ToArray();
        using (var pass = NewDisposeScope())
        {
            var rendered = renderer.Render(rays.Origins, rays.Directions, rays.Depth, map.Field(MapLevel.Fine, fused), color: true);
            (rays.Depth - rendered.Depth).abs().sum().add((rays.Color - rendered.Color!).abs().sum(), HeldScalars.One).backward();
        }
        double stepMs = Time(() =>
        {
            foreach (var o in optimizers) o.Step(options.Mapping.ColorStageLr);
            decoderAdam.Step();
        });
        double setupMs = Time(() =>
        {
            foreach (var (g, i) in grids.Select((g, i) => (g, i)))
            {
                using var mask = FrustumMask.Compute(g, current, scene.Pose, options.Mapping.FrustumDepthMargin);
                IGridOptimizer.Create(g, mask, fused).Dispose();
            }
        });
        using (no_grad())
        {
            foreach (var (g, v) in grids.Zip(gridValues)) g.Values.copy_(v);
            foreach (var (p, v) in map.Decoders.Color.parameters().Zip(decoderValues)) p.copy_(v);
        }
        foreach (var o in optimizers) o.Dispose();
        foreach (var m in masks) m.Dispose();
        ClearGrids(map);
        ClearDecoder(map);
        entries.Add(new("optimiser step (3 grids + colour decoder)", stepMs, 0, fused ? "Adam on the frustum's box" : "Adam over whole grids"));
        entries.Add(new("  per call: frustum masks + optimiser setup", setupMs, 0, "once per mapping call, not per iteration"));

        int reads = (fused ? 1 : 2) + (fused ? 1 : 0) + (sampling.Mode == RaySamplingMode.Reference ? 1 : 0);
        double readMs = reads * HostReadMs();
        return Finish("mapping (colour stage)", description, pixels, count, sampling.SamplesPerRay, iterationMs, entries, freshMb, faultMs, reads, readMs,
            MappingFlopsPerPoint(map.Decoders), matmulGflops);
    }

    private static IterationProfile Finish(string loop, string path, int pixels, long points, int samples, double iterationMs, List<ProfileEntry> entries,
        double freshMb, double faultMs, int reads, double readMs, double flopsPerPoint, double matmulGflops)
    {
        double attributed = entries.Where(e => !e.Class.StartsWith(' ')).Sum(e => e.ForwardMs + e.BackwardMs) + readMs;
        double decoderMs = entries.Where(e => e.Class is "decoder layers" or "Fourier features").Sum(e => e.ForwardMs + e.BackwardMs);
        double rate = matmulGflops * 1e9;
        return new IterationProfile(loop, path, pixels, points, samples, iterationMs, entries, iterationMs - attributed, freshMb, faultMs, reads, readMs,
            flopsPerPoint, flopsPerPoint * points / (decoderMs / 1000) / rate, flopsPerPoint * points / (iterationMs / 1000) / rate, matmulGflops);
    }

    // --- the iteration's pieces ------------------------------------------------------------------------------

    private static (RayBatch Rays, Tensor? Kept, Tensor Z, Tensor Points) SampleRays(IterationScene scene, VolumeRenderer renderer, PoseTensor pose, int pixels)
    {
        var rays = RayBatch.From(scene.Frame, scene.Frame.SamplePixels(pixels, scene.Generator), pose);
        Tensor exit, inside;
        using (no_grad())
        {
            exit = renderer.ExitDepth(rays.Origins, rays.Directions);
            inside = rays.Depth <= exit;
        }
        Tensor? kept = null;
        var (o, d, depth) = (rays.Origins, rays.Directions, rays.Depth);
        if (renderer.Fused)
        {
            using (no_grad()) if (!inside.all().item<bool>()) kept = inside.nonzero().squeeze(1);
            if (kept is not null) (o, d, depth, exit) = (o.index_select(0, kept), d.index_select(0, kept), depth.index_select(0, kept), exit.index_select(0, kept));
        }
        var (z, points) = renderer.Sample(o, d, depth, exit);
        return (rays, kept, z, points.reshape(-1, 3));
    }

    private static Tensor SampleDepths(VolumeRenderer renderer, Tensor depth, Tensor? kept)
    {
        if (kept is not null) depth = depth.index_select(0, kept);
        var exit = depth.add(HeldScalars.One, HeldScalars.One);
        return renderer.Fused && renderer.Sampling.Mode == RaySamplingMode.Reference
            ? renderer.Sampling.ReferenceDepths(depth, exit, merge: true) : renderer.Sampling.Depths(depth, exit);
    }

    /// <summary>Grid features of the middle, fine (and colour) grids: the fused path computes the trilinear corners
    /// once per lattice and reads them as feature rows.</summary>
    private static Tensor[] Lookups(HierarchicalMap map, Tensor points, MapLevel level, bool color, bool fused)
    {
        var grids = new List<FeatureGrid> { map.Middle };
        if (level == MapLevel.Fine) grids.Add(map.Fine);
        if (color) grids.Add(map.Color);
        if (!fused) return [.. grids.Select(g => g.Sample(points))];
        var middle = map.Middle.Corners(points);
        var fine = map.Fine.SameLattice(map.Middle) ? middle : map.Fine.Corners(points);
        return [.. grids.Select(g => g.SampleCorners(g.SameLattice(map.Middle) ? middle : g.SameLattice(map.Fine) ? fine : g.Corners(points)))];
    }

    private static PositionalDecoder[] Used(NiceDecoders d, bool fine, bool color) =>
        [d.Middle, .. fine ? new[] { d.Fine } : [], .. color ? new[] { d.Color } : []];

    /// <summary>γ(p) of each decoder used (each decoder its own B).</summary>
    private static Tensor[] Embeddings(NiceDecoders decoders, Tensor points, bool fine, bool color) =>
        [.. Used(decoders, fine, color).Select(d => d.Embed(points))];

    /// <summary>The decoder layers after the embeddings: the fine logit [M] and RGB [M, 3].</summary>
    private static Tensor[] Layers(NiceDecoders decoders, Tensor[] embedded, Tensor[] features)
    {
        var logit = decoders.Middle.ForwardEmbedded(embedded[0], features[0]).squeeze(-1)
            .add(decoders.Fine.ForwardEmbedded(embedded[1], cat([features[0].detach(), features[1]], -1)).squeeze(-1), HeldScalars.One);
        var rgb = decoders.Color.ForwardEmbedded(embedded[2], features[2])[.., ..3];
        return [logit, rgb];
    }

    private static RenderedRays Composite(VolumeRenderer renderer, Tensor z, Tensor points, Tensor logits, Tensor rgb, long rays, Tensor? kept)
    {
        var inside = renderer.Composite((z, points), (p, c) => new FieldSample(logits, rgb), color: true, ones(rays, ScalarType.Bool));
        if (kept is null) return inside;
        Tensor Scatter(Tensor v) => zeros([rays, .. v.shape.Skip(1)], v.dtype, v.device).index_copy(0, kept, v);
        var mask = zeros(rays, ScalarType.Bool).index_fill(0, kept, HeldScalars.True);
        return new RenderedRays(Scatter(inside.Depth), Scatter(inside.Variance), Scatter(inside.Color!), Scatter(inside.Weights), mask);
    }

    private static void ClearGrids(HierarchicalMap map)
    {
        foreach (var g in map.Grids) g.Values.grad = null;
    }

    private static void ClearDecoder(HierarchicalMap map)
    {
        foreach (var p in map.Decoders.Color.parameters()) p.grad = null;
    }

    // --- arithmetic ------------------------------------------------------------------------------------------

    /// <summary>FLOPs of a decoder's linear layers (2 · in · out each) and of its position encoding (2 · 3 · size),
    /// and of the layers that read the encoding (the first layer and the encoding's columns of the skip layer).</summary>
    private static (double Layers, double Encoding, double EncodingInputs) Flops(PositionalDecoder d)
    {
        double layers = d.modules().OfType<Linear>().Sum(l => 2.0 * l.weight!.shape[0] * l.weight.shape[1]);
        int size = d.EmbeddingSize;
        return (layers, 2.0 * 3 * size, 2 * (2.0 * size * PositionalDecoder.Hidden));
    }

    /// <summary>Tracking: middle, fine and colour decoders forward, and backward to their inputs (points and
    /// features) through every layer: twice the forward arithmetic.</summary>
    public static double TrackingFlopsPerPoint(NiceDecoders d) =>
        Used(d, true, true).Sum(x => { var f = Flops(x); return 2 * (f.Layers + f.Encoding); });

    /// <summary>Mapping, colour stage: forward; backward to the features through every layer except those reading
    /// the encoding (points carry no gradient); the colour decoder's weight gradients.</summary>
    public static double MappingFlopsPerPoint(NiceDecoders d) =>
        Used(d, true, true).Sum(x => { var f = Flops(x); return f.Layers + f.Encoding + f.Layers - f.EncodingInputs; }) + Flops(d.Color).Layers;

    // --- timing ----------------------------------------------------------------------------------------------

    private static double Time(Action action)
    {
        using (var warm = NewDisposeScope()) action();
        var times = new List<double>();
        for (int i = 0; i < Runs; i++)
        {
            using var scope = NewDisposeScope();
            var watch = Stopwatch.StartNew();
            action();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        return Median(times);
    }

    /// <summary>Forward and backward (from random upstream gradients, or 1 for scalar outputs) milliseconds.</summary>
    private static (double Forward, double Backward) TimeForwardBackward(Func<Tensor[]> forward, bool unitGradient = false)
    {
        var f = new List<double>();
        var b = new List<double>();
        for (int i = 0; i <= Runs; i++)
        {
            using var scope = NewDisposeScope();
            var watch = Stopwatch.StartNew();
            var outputs = forward().Where(o => o.requires_grad).ToArray();
            double forwardMs = watch.Elapsed.TotalMilliseconds;
            var gradients = outputs.Select(o => unitGradient ? ones_like(o) : randn_like(o)).ToArray();
            watch.Restart();
            if (outputs.Length > 0) autograd.backward(outputs, gradients);
            double backwardMs = outputs.Length > 0 ? watch.Elapsed.TotalMilliseconds : 0;
            if (i == 0) continue;                                   // warm-up
            f.Add(forwardMs);
            b.Add(backwardMs);
        }
        return (Median(f), Median(b));
    }

    /// <summary>The engine's own iteration (median over 3 calls) and the fresh memory pages it touched per
    /// iteration, with their cost at the page-fault rate measured here.</summary>
    private static (double IterationMs, double FreshMb, double FaultMs) InSitu(Func<double> perIteration, int iterations)
    {
        perIteration();
        var times = new List<double>();
        long faults = 0;
        for (int i = 0; i < 3; i++)
        {
            long before = MinorFaults();
            times.Add(perIteration());
            faults += MinorFaults() - before;
        }
        double perIter = faults / 3.0 / iterations;
        return (Median(times), perIter * Environment.SystemPageSize / 1e6, perIter * FaultMicroseconds() / 1000);
    }

    /// <summary>Minor page faults of this process so far (Linux; 0 elsewhere).</summary>
    public static long MinorFaults()
    {
        try
        {
            var stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[7]);                           // minflt is field 10 of stat; 8th after the name
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException) { return 0; }
    }

    private static double? faultMicroseconds;

    /// <summary>What one fresh page costs here: a 64 MiB tensor written for the first time, per fault.</summary>
    private static double FaultMicroseconds()
    {
        if (faultMicroseconds is { } known) return known;
        var results = new List<double>();
        for (int i = 0; i < 3; i++)
        {
            long before = MinorFaults();
            var watch = Stopwatch.StartNew();
            using (var t = empty(16L << 20, float32)) t.fill_(HeldScalars.One);
            double ms = watch.Elapsed.TotalMilliseconds;
            long faults = MinorFaults() - before;
            if (faults > 0) results.Add(ms * 1000 / faults);
        }
        faultMicroseconds = results.Count == 0 ? 0 : Median(results);
        return faultMicroseconds.Value;
    }

    private static double HostReadMs()
    {
        using var scope = NewDisposeScope();
        var values = rand(1024);
        var watch = Stopwatch.StartNew();
        double sink = 0;
        for (int i = 0; i < 100; i++) sink += values.sum().item<float>();
        double withReduction = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        for (int i = 0; i < 100; i++) values.sum().Dispose();
        double reductionOnly = watch.Elapsed.TotalMilliseconds;
        GC.KeepAlive(sink);
        return Math.Max(0, withReduction - reductionOnly) / 100;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
