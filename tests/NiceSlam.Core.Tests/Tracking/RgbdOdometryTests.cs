using NiceSlam.Core.Geometry;
using NiceSlam.Core.Tracking;
using Xunit.Abstractions;

namespace NiceSlam.Core.Tests.Tracking;

public class RgbdOdometryTests(ITestOutputHelper output)
{
    private static readonly RgbdOdometry Odometry = new(new OdometrySettings());

    /// <summary>5 cm along a skewed direction and 10° about a skewed axis, in the moving camera's frame.</summary>
    private static RigidTransform Offset()
    {
        double n = Math.Sqrt(1 + 0.25 + 0.25);
        return RigidTransform.FromAxisAngle(0.3, 1, 0.2, 10 * Math.PI / 180, 0.05 / n, -0.025 / n, 0.025 / n);
    }

    [Fact]
    public void A_5_cm_10_degree_offset_is_recovered_to_2_mm_and_0_2_degrees()
    {
        var k = OdometryPairs.Camera();
        var referencePose = OdometryPairs.PoseOnPath(10);
        var offset = Offset();
        using var reference = OdometryPairs.Render(referencePose, k);
        using var moving = OdometryPairs.Render(referencePose * offset, k);
        using var referencePyramid = new RgbdPyramid(reference, 4);
        using var movingPyramid = new RgbdPyramid(moving, 4);
        var result = Odometry.Align(referencePyramid, movingPyramid, RigidTransform.Identity, wideBasin: true);
        var (metres, degrees) = OdometryPairs.Error(result.Relative, offset);
        output.WriteLine($"{result}; error {metres * 1000:0.00} mm, {degrees:0.000}°");
        Assert.True(result.Succeeded, result.ToString());
        Assert.True(metres < 0.002 && degrees < 0.2, $"error {metres * 1000:0.00} mm, {degrees:0.000}°");
    }

    [Fact]
    public void The_offset_is_still_recovered_with_30_percent_depth_holes_and_a_moving_object()
    {
        var k = OdometryPairs.Camera();
        var referencePose = OdometryPairs.PoseOnPath(10);
        var offset = Offset();
        // Different holes in each frame; the sphere has moved 0.5 s along its circle between the two.
        using var reference = OdometryPairs.Render(referencePose, k, holes: 0.3, moving: true, time: 0, seed: 1);
        using var moving = OdometryPairs.Render(referencePose * offset, k, holes: 0.3, moving: true, time: 0.5, seed: 2);
        Assert.InRange(1 - moving.ValidCount / (double)(k.Width * k.Height), 0.29, 0.31);
        using var referencePyramid = new RgbdPyramid(reference, 4);
        using var movingPyramid = new RgbdPyramid(moving, 4);
        var result = Odometry.Align(referencePyramid, movingPyramid, RigidTransform.Identity, wideBasin: true);
        var (metres, degrees) = OdometryPairs.Error(result.Relative, offset);
        output.WriteLine($"{result}; error {metres * 1000:0.00} mm, {degrees:0.000}°");
        Assert.True(result.Succeeded, result.ToString());
        Assert.True(metres < 0.002 && degrees < 0.2, $"error {metres * 1000:0.00} mm, {degrees:0.000}°");
    }

    [Theory]
    [InlineData(90)]
    [InlineData(135)]
    [InlineData(180)]
    [InlineData(270)]
    public void An_unrelated_pair_is_reported_as_failed_not_as_a_confident_wrong_pose(int other)
    {
        var k = OdometryPairs.Camera();
        // The same room from 90° to 270° further round the orbit: a different part of the room.
        using var reference = OdometryPairs.Render(OdometryPairs.PoseOnPath(0), k);
        using var moving = OdometryPairs.Render(OdometryPairs.PoseOnPath(other), k);
        using var referencePyramid = new RgbdPyramid(reference, 4);
        using var movingPyramid = new RgbdPyramid(moving, 4);
        var result = Odometry.Align(referencePyramid, movingPyramid, RigidTransform.Identity, wideBasin: true);
        output.WriteLine(result.ToString());
        Assert.False(result.Succeeded, $"an unrelated pair was aligned: {result}");
        Assert.NotNull(result.Failure);
    }
}

public class OdometryDebugTests(ITestOutputHelper output)
{
    [Fact]
    public void Debug_pair()
    {
        var k = OdometryPairs.Camera(160, 120);
        int a = int.Parse(Environment.GetEnvironmentVariable("PAIR_A") ?? "22"), b = int.Parse(Environment.GetEnvironmentVariable("PAIR_B") ?? "23");
        var pa = OdometryPairs.PoseOnPath(a); var pb = OdometryPairs.PoseOnPath(b);
        using var fa = OdometryPairs.Render(pa, k, time: a / 30.0);
        using var fb = OdometryPairs.Render(pb, k, time: b / 30.0);
        using var ra = new RgbdPyramid(fa, 3);
        using var rb = new RgbdPyramid(fb, 3);
        var sw = new StringWriter(); Console.SetOut(sw);
        var truth = pa.Inverse() * pb;
        var start = Environment.GetEnvironmentVariable("PAIR_START") == "identity" ? RigidTransform.Identity
            : Environment.GetEnvironmentVariable("PAIR_START") == "x3" ? truth * RigidTransform.FromAxisAngle(0, 1, 0, 0, 0.003, 0, 0)
            : Environment.GetEnvironmentVariable("PAIR_START") == "z3" ? truth * RigidTransform.FromAxisAngle(0, 1, 0, 0, 0, 0, 0.003)
            : Environment.GetEnvironmentVariable("PAIR_START") == "cv" ? pa.Inverse() * Tracker.Predict(OdometryPairs.PoseOnPath(a - 1), pa, true) : truth;
        var seq = new NiceSlam.Data.Synthetic.SyntheticSequence(new() { FrameCount = b + 1 });
        var da = seq.ReadFrame(a); var vb = OdometryPairs.Render(pa, k, time: a / 30.0);
        output.WriteLine($"depth equal {da.Depth.SequenceEqual(vb.Depth.data<float>().ToArray())}, rgb max diff {da.Rgb.Zip(((NiceSlam.Data.Synthetic.SyntheticScene)NiceSlam.Data.Synthetic.SyntheticScene.CreateDefault()).Render(k, pa, a / 30.0).Rgb).Max(p => Math.Abs(p.First - p.Second))}");
        var result = new RgbdOdometry(new OdometrySettings()).Align(ra, rb, start);
        output.WriteLine(sw.ToString());
        var (m, d) = OdometryPairs.Error(result.Relative, truth);
        output.WriteLine($"{result}; error {m * 1000:0.00} mm {d:0.000}°");
    }
}

public class TrackerFlowDebugTests(ITestOutputHelper output)
{
    [Fact]
    public void Debug_flow()
    {
        var options = NiceSlam.Core.Slam.SlamPresets.Cpu();
        options.TrackingFrontEnd = TrackingFrontEnd.Odometry;
        options.OdometryReference = OdometryReference.LastFrame;
        using var tracker = new Tracker(options, new TorchSharp.torch.Generator(0));
        var seq = new NiceSlam.Data.Synthetic.SyntheticSequence(new() { FrameCount = 24 });
        RigidTransform? before = null;
        RigidTransform previous = default;
        for (int i = 0; i < 24; i++)
        {
            var f = seq.ReadFrame(i);
            using var t = new NiceSlam.Core.Frames.FrameTensors(f, TorchSharp.torch.CPU);
            if (i == 0) { tracker.Anchor(t, f.GroundTruthPose!.Value); previous = f.GroundTruthPose!.Value; continue; }
            var guess = Tracker.Predict(before, previous, true);
            if (i == 22)
            {
                using var fresh21 = new RgbdPyramid(new NiceSlam.Core.Frames.FrameTensors(seq.ReadFrame(21), TorchSharp.torch.CPU), 3);
                using var moving = new RgbdPyramid(t, 3);
                var stored = tracker.References.Last!;
                output.WriteLine($"stored ref frame {stored.FrameIndex}; geometry diff {(stored.Pyramid[2].Geometry - fresh21[2].Geometry).abs().max().item<float>()} photo diff {(stored.Pyramid[2].Photometry - fresh21[2].Photometry).abs().max().item<float>()} points diff {(stored.Pyramid[0].Points - fresh21[0].Points).abs().max().item<float>()}");
                var sw = new StringWriter(); Console.SetOut(sw);
                var truthRel = seq.PoseOf(21).Inverse() * seq.PoseOf(22);
                output.WriteLine($"truth rel {truthRel}\nguess rel {previous.Inverse() * guess} ortho prev {previous.OrthonormalityError()} before {before!.Value.OrthonormalityError()} guess {guess.OrthonormalityError()} rel {(previous.Inverse() * guess).OrthonormalityError()}");
                output.WriteLine(string.Join(" ", (previous.Inverse() * guess).ToMatrix().Select(v => v.ToString("0.00000"))));
                output.WriteLine(string.Join(" ", truthRel.ToMatrix().Select(v => v.ToString("0.00000"))));
                var fromTruth = new RgbdOdometry(new OdometrySettings()).Align(fresh21, moving, truthRel);
                output.WriteLine(sw.ToString()); sw.GetStringBuilder().Clear();
                var rel = new RgbdOdometry(new OdometrySettings()).Align(fresh21, moving, previous.Inverse() * guess);
                output.WriteLine(sw.ToString());
                output.WriteLine($"fresh: {rel}; error {OdometryPairs.Error(previous * rel.Relative, f.GroundTruthPose!.Value)}");
                output.WriteLine($"guess error {OdometryPairs.Error(guess, f.GroundTruthPose!.Value)}; guess rel err {OdometryPairs.Error(previous.Inverse() * guess, seq.PoseOf(21).Inverse() * seq.PoseOf(22))}");
            }
            var r = tracker.Track(null, t, guess);
            before = previous; previous = r.Pose;
            var (m, d) = OdometryPairs.Error(r.Pose, f.GroundTruthPose!.Value);
            output.WriteLine($"{i}: {r.Odometry}; error {m * 1000:0.00} mm {d:0.000}° ortho pose {r.Pose.OrthonormalityError():g3} rel {r.Odometry!.Relative.OrthonormalityError():g3} guess {guess.OrthonormalityError():g3}");
        }
    }
}

public class OdometrySpeedDebugTests(ITestOutputHelper output)
{
    [Fact]
    public void Debug_speed()
    {
        if (Environment.GetEnvironmentVariable("ODO_THREADS") is { } t) TorchSharp.torch.set_num_threads(int.Parse(t));
        output.WriteLine($"threads {TorchSharp.torch.get_num_threads()}");
        var k = OdometryPairs.Camera(160, 120);
        var pa = OdometryPairs.PoseOnPath(10); var pb = OdometryPairs.PoseOnPath(11);
        using var fa = OdometryPairs.Render(pa, k);
        using var fb = OdometryPairs.Render(pb, k);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < 20; i++) { using var p = new RgbdPyramid(fb, 3); }
        output.WriteLine($"pyramid {sw.Elapsed.TotalMilliseconds / 20:0.00} ms");
        using var ra = new RgbdPyramid(fa, 3);
        using var rb = new RgbdPyramid(fb, 3);
        var rel = pa.Inverse() * pb;
        var settings = new OdometrySettings();
        for (int level = 0; level < 3; level++)
        {
            var gates = settings.ForLevel(level);
            for (int i = 0; i < 5; i++) { using var e = HybridResiduals.Evaluate(ra[level], rb[level], rel, gates); GaussNewtonStep.Solve(e); }
            sw.Restart();
            for (int i = 0; i < 50; i++) { using var e = HybridResiduals.Evaluate(ra[level], rb[level], rel, gates); }
            double eval = sw.Elapsed.TotalMilliseconds / 50;
            using var eq = HybridResiduals.Evaluate(ra[level], rb[level], rel, gates);
            sw.Restart();
            for (int i = 0; i < 50; i++) GaussNewtonStep.Solve(eq);
            output.WriteLine($"level {level}: evaluate {eval:0.00} ms, solve {sw.Elapsed.TotalMilliseconds / 50:0.00} ms");
        }
        sw.Restart();
        for (int i = 0; i < 10; i++) new RgbdOdometry(settings).Align(ra, rb, RigidTransform.Identity);
        output.WriteLine($"align from identity {sw.Elapsed.TotalMilliseconds / 10:0.00} ms");
    }
}

public class ThreadDebugTests(ITestOutputHelper output)
{
    [Fact]
    public void Debug_threads()
    {
        int before = TorchSharp.torch.get_num_threads();
        int seenInside = 0, seenOther = 0, otherBefore = 0;
        var t = new Thread(() => { otherBefore = TorchSharp.torch.get_num_threads(); TorchSharp.torch.set_num_threads(1); seenInside = TorchSharp.torch.get_num_threads(); });
        t.Start(); t.Join();
        var t2 = new Thread(() => { seenOther = TorchSharp.torch.get_num_threads(); });
        t2.Start(); t2.Join();
        output.WriteLine($"main before {before}, other before {otherBefore}, inside {seenInside}, new thread after {seenOther}, main after {TorchSharp.torch.get_num_threads()}");
    }
}
