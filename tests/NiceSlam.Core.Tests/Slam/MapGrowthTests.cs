using NiceSlam.Core.Decoders;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Map;
using NiceSlam.Core.Rendering;
using NiceSlam.Core.Slam;
using NiceSlam.Core.Tracking;
using NiceSlam.Data.Synthetic;
using NiceSlam.Data.Weights;
using NiceSlam.Tests;
using static TorchSharp.torch;

namespace NiceSlam.Core.Tests.Slam;

/// <summary>
/// The map grows with what the camera sees: the synthetic orbit (80x60, exact depth, the shipped decoders) from
/// frame 0, which sees one side of the room, to frame 90, a quarter turn on, which looks at the far wall and the
/// corners beyond the first bounds (the first frame's seen volume + 0.2 m). The same run with growth off and those
/// first bounds fixed is the control that must lose that part. One shared growing run (about half a minute).
/// </summary>
[Trait("Category", "Slow")]
public sealed class MapGrowthTests(MapGrowthTests.GrowingRun run, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<MapGrowthTests.GrowingRun>
{
    private static readonly int[] Frames = [.. Enumerable.Range(0, 16).Select(i => i * 6)];

    private static SyntheticSequence Sequence { get; } = new(new SyntheticSequenceOptions { Width = 80, Height = 60, FrameCount = 91 });

    /// <param name="tokenMap">A few mapping iterations only: growth follows what the tracked frames see, and the
    /// odometry does not read the map, so a test of growth decisions alone need not map well.</param>
    private static SlamOptions Settings(bool grow, Bounds3? bounds = null, double cap = 2000, bool tokenMap = false)
    {
        var options = SlamPresets.Cpu();
        options.Tracking.FrontEnd = TrackingFrontEnd.Odometry;
        options.Map.Bounds = bounds;
        options.Map.Grow = grow;
        options.Map.AutoBoundsMargin = 0.2;
        options.Map.AutoBoundsSensorReach = false;           // start from what the first frame sees
        options.Map.MaxVolume = cap;
        options.Mapping.Every = 1;
        options.Keyframes.Every = 3;
        options.Keyframes.WindowSize = 3;
        options.Mapping.Pixels = 300;
        options.Mapping.Iterations = tokenMap ? 2 : 15;
        options.Mapping.FirstFrameIterations = tokenMap ? 5 : 60;
        options.Mapping.CoarseIterations = 0;
        options.Keyframes.BundleAdjustment = false;
        return options;
    }

    private static SlamSystem NewSystem(SlamOptions options)
    {
        var decoders = new NiceDecoders(new Generator(0));
        ShippedDecoderWeights.LoadGeometry(decoders);
        return new SlamSystem(options, decoders);
    }

    /// <summary>Runs the frames; returns the map's bounds after the first frame and every growth reported.</summary>
    private static (Bounds3 First, List<MapGrowth> Growths) Run(SlamSystem system)
    {
        Bounds3? first = null;
        var growths = new List<MapGrowth>();
        StrictDriver.Run(system, Frames.Select(Sequence.ReadFrame), outcome =>
        {
            if (first is null)
            {
                using var lease = system.AcquireMap()!;
                first = lease.Snapshot.Bounds;
            }
            if (outcome.Growth is { } g) growths.Add(g);
        });
        return (first!.Value, growths);
    }

    public sealed class GrowingRun : IDisposable
    {
        public GrowingRun()
        {
            System = NewSystem(Settings(grow: true));
            (FirstBounds, Growths) = Run(System);
        }

        public SlamSystem System { get; }
        public Bounds3 FirstBounds { get; }
        public List<MapGrowth> Growths { get; }
        public void Dispose() => System.Dispose();
    }

    /// <summary>The last frame's valid pixels seen from its true pose: their world points [V, 3] and whether each lies
    /// outside <paramref name="bounds"/> [V].</summary>
    private static (FrameTensors Frame, Tensor Outside) LastView(Bounds3 bounds)
    {
        var frame = new FrameTensors(Sequence.ReadFrame(Frames[^1]), CPU);
        using var scope = NewDisposeScope();
        var points = PinholeCamera.Transform(PinholeCamera.Backproject(frame.Depth.reshape(frame.Height, frame.Width), frame.Intrinsics)
            .index_select(0, frame.ValidPixels), Sequence.PoseOf(Frames[^1]));                        // [V, 3]
        var min = tensor(new[] { bounds.MinX, bounds.MinY, bounds.MinZ }, float32);
        var max = tensor(new[] { bounds.MaxX, bounds.MaxY, bounds.MaxZ }, float32);
        var outside = ((points < min) | (points > max)).any(1);
        return (frame, outside.MoveToOuterDisposeScope());
    }

    /// <summary>Median |rendered - measured| depth over the last view's pixels whose points lie outside the first
    /// bounds, rendered from the system's map at the true pose.</summary>
    private static double ErrorBeyondFirstBounds(SlamSystem system, Bounds3 first)
    {
        var (frame, outside) = LastView(first);
        using (frame)
        using (outside)
        using (var lease = system.AcquireMap()!)
        using (NewDisposeScope())
        {
            var view = FrameRenderer.Render(lease.Snapshot.Map, frame, Sequence.PoseOf(Frames[^1]), new RaySampling(32, 16));
            var error = (view.Depth - frame.Depth.index_select(0, view.Pixels)).abs();
            return error[outside].median().item<float>();
        }
    }

    [Fact]
    public void The_map_grows_to_hold_what_the_camera_sees_beyond_the_first_bounds_and_maps_it()
    {
        Assert.NotEmpty(run.Growths);
        Assert.Equal(run.Growths.Count, run.System.Counters.MapGrowths);
        Assert.Equal(0, run.System.Counters.MapGrowthsRefused);
        Assert.All(run.Growths, g => Assert.True(g.To.Contains(g.From) && g.To.Volume > g.From.Volume && !g.Capped));
        var (frame, outside) = LastView(run.FirstBounds);
        long beyond = outside.sum().item<long>();
        // The test's premise: a good part of the last view lies beyond the first bounds.
        Assert.True(beyond > frame.ValidCount / 5, $"only {beyond} of {frame.ValidCount} pixels beyond the first bounds");
        using var lease = run.System.AcquireMap()!;
        var (_, stillOutside) = LastView(lease.Snapshot.Bounds);
        Assert.True(stillOutside.sum().item<long>() <= frame.ValidCount / 100, "the grown map must hold what the last frame sees");
        double error = ErrorBeyondFirstBounds(run.System, run.FirstBounds);
        output.WriteLine($"first bounds {run.FirstBounds} ({run.FirstBounds.Volume:0.0} m³), grown {run.Growths.Count} times to {lease.Snapshot.Bounds} "
            + $"({lease.Snapshot.Bounds.Volume:0.0} m³); {beyond} of {frame.ValidCount} last-view pixels beyond the first bounds, median depth error there {error:0.000} m");
        Assert.True(error < 0.10, $"median depth error beyond the first bounds {error:0.000} m: that part is not mapped");
        frame.Dispose();
        outside.Dispose();
        stillOutside.Dispose();
    }

    [Fact]
    public void Without_growth_the_part_beyond_the_first_bounds_is_lost()
    {
        using var control = NewSystem(Settings(grow: false, bounds: run.FirstBounds));
        var (first, growths) = Run(control);
        Assert.Empty(growths);
        Assert.Equal(run.FirstBounds, first);
        using (var lease = control.AcquireMap()!) Assert.Equal(run.FirstBounds, lease.Snapshot.Bounds);
        double lost = ErrorBeyondFirstBounds(control, run.FirstBounds);
        double grown = ErrorBeyondFirstBounds(run.System, run.FirstBounds);
        output.WriteLine($"median depth error beyond the first bounds: {lost:0.000} m without growth, {grown:0.000} m with");
        Assert.True(lost > 0.25 && lost > 4 * grown, $"without growth the part beyond the first bounds renders {lost:0.000} m off (grown: {grown:0.000} m)");
    }

    [Fact]
    public void At_the_cap_the_map_stops_growing_and_counts_the_refusals()
    {
        using var capped = NewSystem(Settings(grow: true, cap: run.FirstBounds.Volume * 1.01, tokenMap: true));
        var (first, growths) = Run(capped);
        Assert.Equal(run.FirstBounds, first);
        Assert.NotEmpty(growths);
        Assert.All(growths, g => Assert.True(g.Capped && g.To.Volume > capped.Options.Map.MaxVolume));
        Assert.Equal(0, capped.Counters.MapGrowths);
        Assert.Equal(growths.Count, capped.Counters.MapGrowthsRefused);
        using var lease = capped.AcquireMap()!;
        Assert.Equal(run.FirstBounds, lease.Snapshot.Bounds);
    }

    [Fact]
    public void A_map_saved_after_growth_loads_with_its_grown_bounds_to_the_same_render()
    {
        var state = run.System.ExportState();
        Assert.NotEqual(state.Bounds, run.FirstBounds);
        Assert.NotNull(state.Coarse.Bounds);
        using var loaded = NewSystem(Settings(grow: true));
        loaded.ImportState(state);
        using var a = run.System.AcquireMap()!;
        using var b = loaded.AcquireMap()!;
        Assert.Equal(a.Snapshot.Bounds, b.Snapshot.Bounds);
        Assert.All(a.Snapshot.Map.Grids.Zip(b.Snapshot.Map.Grids), p =>
        {
            Assert.Equal(p.First.Bounds, p.Second.Bounds);
            Assert.True(p.First.Values.shape.SequenceEqual(p.Second.Values.shape) && p.First.Values.eq(p.Second.Values).all().item<bool>());
        });
        Assert.True(b.Snapshot.Map.CanGrow);
        using var frame = new FrameTensors(Sequence.ReadFrame(Frames[^1]), CPU);
        using var scope = NewDisposeScope();
        var pose = Sequence.PoseOf(Frames[^1]);
        var before = FrameRenderer.Render(a.Snapshot.Map, frame, pose, new RaySampling(16, 8), stride: 7).Depth;
        var after = FrameRenderer.Render(b.Snapshot.Map, frame, pose, new RaySampling(16, 8), stride: 7).Depth;
        Assert.True(before.eq(after).all().item<bool>());
    }
}
