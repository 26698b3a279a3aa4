using NiceSlam.Core.Compute;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Data.Datasets;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Data.Synthetic;

/// <summary>
/// A synthetic RGB-D sequence: the default <see cref="SyntheticScene"/> (a tour: the suite of rooms) rendered along the
/// <see cref="SyntheticTrajectory"/>, frames rendered on demand with exact ground-truth poses. Depth can carry
/// depth-dependent Gaussian noise and holes; both come from a random generator seeded with (seed, frame index),
/// so frame i is the same whatever order frames are read in.
/// </summary>
public sealed class SyntheticSequence : IRgbdDataset
{
    public SyntheticSequence(SyntheticSequenceOptions? options = null)
    {
        Options = options ?? new SyntheticSequenceOptions();
        Options.Validate();
        double fx = Options.Width / 2.0 / Math.Tan(Options.HorizontalFovDegrees * Math.PI / 360);
        Intrinsics = new CameraIntrinsics(Options.Width, Options.Height, fx, fx, (Options.Width - 1) / 2.0, (Options.Height - 1) / 2.0);
        bool tour = Options.Motion == SyntheticMotion.Tour;
        Scene = tour ? SyntheticScene.CreateSuite(Options.Rooms) : SyntheticScene.CreateDefault(Options.MovingObject);
        Trajectory = new SyntheticTrajectory(Options.FrameCount, Options.Fps, motion: Options.Motion, rooms: tour ? Options.Rooms : 1);
    }

    public SyntheticSequenceOptions Options { get; }

    public SyntheticScene Scene { get; }

    public SyntheticTrajectory Trajectory { get; }

    /// <summary>The scene's extent (the room), for the map's bounds.</summary>
    public SceneBounds SceneBounds => Scene.Bounds;

    /// <summary>The map bounds a user would configure for this scene: the room grown by 10 cm.</summary>
    public Core.Map.Bounds3 MapBounds => SceneBounds.ToBounds3().Expanded(0.1);

    public string Name => Options.Motion switch
    {
        SyntheticMotion.Fast => "synthetic-fast",
        SyntheticMotion.Tour => "synthetic-tour",
        _ => "synthetic",
    };

    /// <summary>The rooms of the scene (the default room, or each room of the tour's suite): for per-room figures.</summary>
    public IReadOnlyList<SceneBounds> Rooms => Options.Motion == SyntheticMotion.Tour
        ? [.. Enumerable.Range(0, Options.Rooms).Select(SyntheticScene.SuiteRoom)]
        : [Scene.Bounds];

    public int Count => Options.FrameCount;

    public CameraIntrinsics Intrinsics { get; }

    public bool HasGroundTruth => true;

    public double TimestampOf(int index) => Trajectory.TimeOf(index);

    public RigidTransform PoseOf(int index) => Trajectory.PoseOf(index);

    /// <summary>The exact rendering of frame <paramref name="index"/> (no noise, no holes), with primitive ids.</summary>
    public RenderedView RenderExact(int index)
    {
        CheckIndex(index);
        return Scene.Render(Intrinsics, PoseOf(index), TimestampOf(index));
    }

    /// <summary>Exact surface points (world, metres, [N*3]) the camera saw in the first <paramref name="count"/> frames:
    /// about 20 frames spread over them, every 4th pixel of each: the ground truth of mesh completion (a sample of the
    /// seen surfaces). Not of accuracy: a mesh's surface that keyframes between those 20 frames saw lies far from all
    /// of them (on a 300-frame tour, 8.8 cm against 5.6 cm with every frame's points); accuracy is measured against the
    /// scene's surfaces themselves (<see cref="SurfaceDistance"/>).</summary>
    public float[] SeenSurfacePoints(int count)
    {
        using var scope = torch.NewDisposeScope();
        using var hs = new HeldScalars();
        var k = Intrinsics;
        var rows = torch.arange(HeldScalars.Zero, hs.Integer(k.Height), HeldScalars.One).remainder(hs.Integer(4)).eq(HeldScalars.Zero);   // [H]
        var columns = torch.arange(HeldScalars.Zero, hs.Integer(k.Width), HeldScalars.One).remainder(hs.Integer(4)).eq(HeldScalars.Zero); // [W]
        var everyFourth = (rows.unsqueeze(1) & columns.unsqueeze(0)).reshape(-1);                                                          // [H*W]
        var clouds = new List<torch.Tensor>();
        foreach (int i in GroundTruthFrames(count))
        {
            var depth = torch.tensor(RenderExact(i).Depth, float64).reshape(k.Height, k.Width);
            var camera = Core.Geometry.PinholeCamera.Backproject(depth, k);                           // [H*W, 3]
            var keep = everyFourth & depth.reshape(-1).gt(HeldScalars.Zero);
            clouds.Add(Core.Geometry.PinholeCamera.Transform(camera[keep], PoseOf(i)));
        }
        return torch.cat(clouds, 0).to(float32).data<float>().ToArray();
    }

    /// <summary>Distance from points [N, 3] (any float dtype; computed in float64) to the scene's nearest surface: [N]
    /// float64, exact (analytic primitives); a moving object counts at the frames <see cref="SeenSurfacePoints"/>
    /// reads from the first <paramref name="count"/>. The reference of mesh accuracy.</summary>
    public torch.Tensor SurfaceDistance(torch.Tensor points, int count)
    {
        var times = GroundTruthFrames(count).Select(TimestampOf).ToList();
        using var scope = torch.NewDisposeScope();
        return Scene.SurfaceDistance(points.to(float64), times).MoveToOuterDisposeScope();
    }

    /// <summary>The frames the ground truth of the first <paramref name="count"/> reads: about 20, spread evenly.</summary>
    private IEnumerable<int> GroundTruthFrames(int count)
    {
        count = Math.Clamp(count, 1, Count);
        for (int i = 0; i < count; i += Math.Max(1, count / 20)) yield return i;
    }

    public RgbdFrame ReadFrame(int index)
    {
        var view = RenderExact(index);
        float[] depth = Options.DepthNoiseStd > 0 || Options.HoleFraction > 0 ? Degrade(view.Depth, index) : view.Depth;
        return new RgbdFrame(index, TimestampOf(index), view.Rgb, depth, Intrinsics, PoseOf(index));
    }

    /// <summary>Sensor effects on exact depth [H*W]: noise σ z² then holes, from the frame's own generator.</summary>
    private float[] Degrade(float[] exact, int index)
    {
        int h = Options.Height, w = Options.Width;
        using var scope = torch.NewDisposeScope();
        using var generator = new torch.Generator(FrameSeed(Options.Seed, index));
        using var hs = new HeldScalars();
        var depth = torch.tensor(exact, float64).reshape(h, w);                                    // [H, W]
        var valid = depth.gt(HeldScalars.Zero);                                                     // [H, W]
        if (Options.DepthNoiseStd > 0)
        {
            var noise = torch.randn(new long[] { h, w }, float64, generator: generator);           // [H, W]
            var noisy = depth.add(depth.mul(hs[Options.DepthNoiseStd]) * depth * noise, HeldScalars.One).clamp_min(hs[1e-3]); // d + σ d² n
            depth = torch.where(valid, noisy, depth);
        }
        if (Options.HoleFraction > 0)
        {
            int holes = (int)Math.Round(Options.HoleFraction * h * w);
            if (holes > 0)
            {
                // Smooth random field (coarse noise upsampled) plus per-pixel noise; its lowest `holes` values
                // become holes: blobs with ragged edges and scattered single pixels, exactly `holes` of them.
                long ch = Math.Max(2, h / 8), cw = Math.Max(2, w / 8);
                var coarse = torch.rand(new long[] { 1, 1, ch, cw }, float64, generator: generator);                    // [1, 1, h/8, w/8]
                var smooth = torch.nn.functional.interpolate(coarse, new long[] { h, w }, mode: InterpolationMode.Bilinear, align_corners: false)
                    .reshape(h, w);                                                                                       // [H, W]
                var field = smooth.mul(hs[0.7]).add(torch.rand(new long[] { h, w }, float64, generator: generator).mul(hs[0.3]), HeldScalars.One).reshape(-1); // [H*W]
                var order = field.argsort();                                                                              // [H*W]
                var flat = depth.reshape(-1).clone();
                flat.index_fill_(0, order[..holes], hs[0.0]);
                depth = flat.reshape(h, w);
            }
        }
        return depth.to(float32).reshape(-1).data<float>().ToArray();
    }

    /// <summary>SplitMix64 of (seed, index): independent, order-free generator seeds for each frame.</summary>
    internal static ulong FrameSeed(int seed, int index)
    {
        static ulong Mix(ulong x)
        {
            x += 0x9E3779B97F4A7C15UL;
            x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
            x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
            return x ^ (x >> 31);
        }
        return Mix(Mix((ulong)(uint)seed) ^ (ulong)(uint)index) >> 1; // 63 bits: fits libtorch's signed seed
    }

    private void CheckIndex(int index)
    {
        if (index < 0 || index >= Count) throw new ArgumentOutOfRangeException(nameof(index), $"frame {index} outside 0..{Count - 1}");
    }
}
