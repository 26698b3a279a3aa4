using System.Diagnostics;
using System.Runtime.InteropServices;
using NiceSlam.Core.Compute;
using NiceSlam.Core.Decoders;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Map;
using NiceSlam.Core.Mapping;
using NiceSlam.Core.Rendering;
using NiceSlam.Core.Slam;
using NiceSlam.Core.Tracking;
using NiceSlam.Data.Synthetic;
using NiceSlam.Data.Weights;
using Xunit.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Tests.Compute;

/// <summary>
/// The per-frame tensor code under garbage collections forced from another thread: a temporary TorchSharp scalar
/// finalized during its native call fails libtorch (an <see cref="ExternalException"/>, "INTERNAL ASSERT FAILED at
/// Scalar.h") or yields garbage numbers. Thousands of small steps of the tracking front end (odometry, rendering
/// refinement) and of the mapper, and their building blocks on tiny tensors, run on three threads while a fourth
/// collects and runs finalizers in a loop. The test's own tensor code holds its scalars too.
/// </summary>
public class HeldScalarStressTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(20);

    private static NiceDecoders Decoders()
    {
        var decoders = new NiceDecoders(new Generator(0));
        ShippedDecoderWeights.LoadGeometry(decoders);
        return decoders;
    }

    [Fact]
    public void Tracking_and_mapping_steps_survive_garbage_collections_forced_from_another_thread()
    {
        var sequence = new SyntheticSequence(new SyntheticSequenceOptions { Width = 32, Height = 24, FrameCount = 4 });
        var options = SlamPresets.Cpu();
        options.Map.Bounds = sequence.MapBounds;
        options.Mapping.FirstFrameIterations = 3;
        options.Mapping.Iterations = 1;
        options.Mapping.Pixels = 64;
        options.Tracking.Pixels = 64;
        options.Mapping.CoarseIterations = 1;
        options.Keyframes.BundleAdjustment = true;
        var frames = Enumerable.Range(0, 4).Select(i => new FrameTensors(sequence.ReadFrame(i), CPU)).ToArray();
        // A map (and decoders) for each side, as the engine's sides own theirs: the only thing shared is the collector.
        using var mapGenerator = new Generator(2);
        using var trackingMap = HierarchicalMap.Create(sequence.MapBounds, options, Decoders(), mapGenerator);
        using var mappingMap = HierarchicalMap.Create(sequence.MapBounds, options, Decoders(), mapGenerator);
        using var trackingKeyframes = new KeyframeStore();
        using var mappingKeyframes = new KeyframeStore();
        using (var g = new Generator(1))
            new Mapper(options, g, new Random(1)).Map(trackingMap, trackingKeyframes, frames[0], sequence.PoseOf(0), firstFrame: true);

        using var blockGenerator = new Generator(5);
        var failures = new List<string>();
        int odometrySteps = 0, trackingSteps = 0, mappingSteps = 0, blockSteps = 0, collections = 0;
        var stop = new CancellationTokenSource();
        void Record(Exception e) { lock (failures) failures.Add($"{e.GetType().Name}: {e.Message.Split('\n')[0]}"); }

        var collector = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                collections++;
            }
        });
        var tracking = new Thread(() =>
        {
            try
            {
                using var generator = new Generator(3);
                var odometry = new RgbdOdometry(new OdometrySettings());
                var refinement = new RenderingRefinement(options, generator);
                using var reference = new RgbdPyramid(frames[0], 2);
                for (int i = 0; !stop.IsCancellationRequested; i++)
                {
                    var frame = frames[1 + i % 3];
                    using var moving = new RgbdPyramid(frame, 2);
                    var relative = odometry.Align(reference, moving, RigidTransform.Identity).Relative;
                    if (!relative.ToMatrix().All(double.IsFinite)) throw new InvalidDataException($"odometry step {i}: a non-finite pose");
                    Interlocked.Increment(ref odometrySteps);
                    if (i % 4 != 0) continue;                                   // the odometry is the cheaper, more frequent step
                    var refined = refinement.Optimise(trackingMap, frame, sequence.PoseOf(frame.Index), iterations: 2, resample: true);
                    if (!refined.Pose.ToMatrix().All(double.IsFinite) || double.IsNaN(refined.BestLoss) && !refined.NothingToCompare)
                        throw new InvalidDataException($"refinement step {i}: {refined}");
                    Interlocked.Increment(ref trackingSteps);
                }
            }
            catch (Exception e) { Record(e); }
        });
        var mapping = new Thread(() =>
        {
            try
            {
                using var generator = new Generator(4);
                var mapper = new Mapper(options, generator, new Random(4));
                for (int i = 0; !stop.IsCancellationRequested; i++)
                {
                    var frame = frames[i % 4];
                    var (result, pose) = mapper.Map(mappingMap, mappingKeyframes, frame, sequence.PoseOf(frame.Index), firstFrame: i == 0);
                    if (!pose.ToMatrix().All(double.IsFinite) || !new[] { result.MiddleLoss, result.FineLoss, result.ColorLoss }.Any(double.IsFinite))
                        throw new InvalidDataException($"mapping step {i}: {result}");
                    if (i < 3) mappingKeyframes.Add(new Keyframe(frame.Clone(), pose));
                    Interlocked.Increment(ref mappingSteps);
                }
            }
            catch (Exception e) { Record(e); }
        });

        // The per-frame building blocks on their own, tiny: many small tensor operations a second, each a window for
        // the race (ray depths, compositing weights, projection, lookups, rotation of a pose tensor, pixel reads).
        var blocks = new Thread(() =>
        {
            try
            {
                var sampling = options.Rendering.RaySampling();
                var frame = frames[1];
                var k = frame.Intrinsics;
                var pose = sequence.PoseOf(1);
                using var quaternion = tensor(new[] { 0.9, 0.1, -0.2, 0.3 }, float32);
                for (int i = 0; !stop.IsCancellationRequested; i++)
                {
                    using var scope = NewDisposeScope();
                    var pixels = frame.SamplePixels(8, blockGenerator);                                    // [8]
                    var (u, v) = frame.PixelCoordinates(pixels);
                    var depth = frame.Depth.index_select(0, pixels);                                    // [8]
                    var z = sampling.Depths(depth, depth.add(HeldScalars.One, HeldScalars.One));          // [8, S], exit at d + 1
                    var weights = VolumeRenderer.Weights(z.sub(depth.unsqueeze(1)));                     // [8, S]
                    var world = PinholeCamera.Transform(PinholeCamera.CameraDirections(u, v, k) * depth.unsqueeze(1), pose);
                    var (pu, pv, pz) = PinholeCamera.Project(PinholeCamera.Transform(world, pose.Inverse()), k);
                    var (measured, _) = frame.DepthAt(pu, pv);
                    var (indices, cornerWeights) = trackingMap.Fine.Corners(world);
                    var rotation = PoseTensor.RotationOf(quaternion);
                    foreach (var t in new[] { weights, pz, measured, cornerWeights, rotation })
                        if (!t.isfinite().all().item<bool>()) throw new InvalidDataException($"building-block step {i}: non-finite values");
                    float roundTrip = cat([(pu - u).abs(), (pv - v).abs()]).max().item<float>();         // pixels
                    if (!(roundTrip < 1e-2f)) throw new InvalidDataException($"building-block step {i}: pixels back-projected and projected moved {roundTrip} px");
                    Interlocked.Increment(ref blockSteps);
                }
            }
            catch (Exception e) { Record(e); }
        });

        var watch = Stopwatch.StartNew();
        collector.Start();
        tracking.Start();
        mapping.Start();
        blocks.Start();
        while (watch.Elapsed < Duration && tracking.IsAlive && mapping.IsAlive && blocks.IsAlive) Thread.Sleep(50);
        stop.Cancel();
        tracking.Join();
        mapping.Join();
        blocks.Join();
        collector.Join();

        output.WriteLine($"{odometrySteps} odometry steps, {trackingSteps} rendering refinements, {mappingSteps} mapping steps, {blockSteps} building-block steps, {collections} forced collections in {watch.Elapsed.TotalSeconds:0.0} s");
        foreach (var failure in failures) output.WriteLine(failure);
        Assert.Empty(failures);
        Assert.True(trackingSteps > 0 && mappingSteps > 0 && collections > trackingSteps, $"{trackingSteps} tracking, {mappingSteps} mapping steps, {blockSteps} building-block steps, {collections} collections");
        using (no_grad())
            foreach (var grid in new[] { mappingMap.Coarse, mappingMap.Middle, mappingMap.Fine, mappingMap.Color })
                Assert.True(grid.Values.isfinite().all().item<bool>(), "the mapped grids hold non-finite values");
    }
}
