using NiceSlam.Tests;

namespace NiceSlam.Cli.Tests;

/// <summary>
/// The fast-motion synthetic sequence (<c>--motion fast</c>: 90°/s turning, about 1 m/s, 3° and 3.3 cm a frame at
/// 30 fps): the default front end (dense RGB-D odometry against tracking keyframes) tracks it; rendering-only
/// tracking at the <c>cpu</c> preset's budget (400 px x 30 iterations, lr 1e-3) is the control that must miss the
/// same bound.
/// </summary>
[Trait("Category", "Slow")]
public sealed class FastMotionTests : IDisposable
{
    private const double BoundCm = 2.0;
    private readonly string dir = Directory.CreateTempSubdirectory("niceslam-fast-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static double Ate(string outDir) => RunCommandTests.Report(outDir).GetProperty("ateRmseCm").GetDouble();

    [Fact]
    public void The_odometry_tracks_fast_motion_where_rendering_only_tracking_at_the_cpu_budget_fails()
    {
        string odometry = Path.Combine(dir, "odometry"), render = Path.Combine(dir, "render");
        var a = CliProcess.NiceSlam($"run synthetic --motion fast --frames 7 {RunCommandTests.Quick} --no-mesh --out \"{odometry}\"", timeoutSeconds: 600);
        Assert.True(a.ExitCode == 0, a.All);
        Assert.Contains("tracking (Odometry)", a.StdOut);
        var b = CliProcess.NiceSlam($"run synthetic --motion fast --frames 7 {RunCommandTests.Tiny} --no-mesh --set Tracking.FrontEnd=render "
            + $"--set Tracking.Pixels=400 --set Tracking.Iterations=30 --set Tracking.TranslationLr=1e-3 --set Tracking.RotationLr=1e-3 "
            + $"--set Mapping.FirstFrameIterations=100 --out \"{render}\"", timeoutSeconds: 900);   // the map the rendering tracker reads: the cpu preset's first map
        Assert.True(b.ExitCode == 0, b.All);
        double good = Ate(odometry), bad = Ate(render);
        Assert.True(good < BoundCm, $"odometry ATE {good:0.000} cm >= {BoundCm} cm\n{a.StdOut}");
        Assert.True(bad > BoundCm, $"the control (rendering only at the cpu budget) ATE {bad:0.000} cm <= {BoundCm} cm: the sequence is not fast enough to tell\n{b.StdOut}");
    }
}
