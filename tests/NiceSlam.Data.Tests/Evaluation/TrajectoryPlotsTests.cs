using NiceSlam.Data.Evaluation;
using OpenCvSharp;

namespace NiceSlam.Data.Tests.Evaluation;

public sealed class TrajectoryPlotsTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("niceslam-plots-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Top_view_and_error_plots_are_pngs_of_the_requested_size_with_both_paths_drawn()
    {
        var gt = TestTrajectories.Helix(150);
        var noisy = TrajectoryPerturbation.Apply(gt, 0.03, 2).Trajectory;
        var ate = AbsoluteTrajectoryError.Compute(noisy, gt);
        string top = Path.Combine(dir, "trajectory.png");
        string errors = Path.Combine(dir, "errors.png");
        TrajectoryPlots.SaveTopView(top, gt, ate.AlignedEstimate, "test", 640, 560);
        TrajectoryPlots.SaveErrorPlot(errors, ate.Errors, "test", 600, 300);

        using var image = Cv2.ImRead(top, ImreadModes.Color);
        Assert.Equal((640, 560), (image.Width, image.Height));
        using var errorImage = Cv2.ImRead(errors, ImreadModes.Color);
        Assert.Equal((600, 300), (errorImage.Width, errorImage.Height));

        // The ground truth is drawn black and the estimate orange-red (BGR 0,69,255): both must cover pixels.
        using var black = new Mat();
        Cv2.InRange(image, new Scalar(0, 0, 0), new Scalar(40, 40, 40), black);
        using var orange = new Mat();
        Cv2.InRange(image, new Scalar(0, 40, 220), new Scalar(60, 110, 255), orange);
        Assert.True(Cv2.CountNonZero(black) > 500, $"black pixels: {Cv2.CountNonZero(black)}");
        Assert.True(Cv2.CountNonZero(orange) > 500, $"orange pixels: {Cv2.CountNonZero(orange)}");
        using var orangeErrors = new Mat();
        Cv2.InRange(errorImage, new Scalar(0, 40, 220), new Scalar(60, 110, 255), orangeErrors);
        Assert.True(Cv2.CountNonZero(orangeErrors) > 200);
    }

    [Fact]
    public void Explicit_plane_and_frame_axis_variants_are_drawn()
    {
        var gt = TestTrajectories.Helix(300);
        var ate = AbsoluteTrajectoryError.Compute(TrajectoryPerturbation.Apply(gt, 0.01, 4).Trajectory, gt);
        string side = Path.Combine(dir, "sub", "side.png"); // the folder is created
        string errors = Path.Combine(dir, "errors-by-frame.png");
        TrajectoryPlots.SaveTopView(side, ate, "helix", 500, 500, TrajectoryPlots.Plane.XZ);
        TrajectoryPlots.SaveErrorPlot(errors, ate.Errors, "helix", 500, 300, TrajectoryPlots.ErrorAxis.FrameIndex);
        foreach (var (file, w, h) in new[] { (side, 500, 500), (errors, 500, 300) })
        {
            byte[] head = File.ReadAllBytes(file).Take(8).ToArray();
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, head);
            using var image = Cv2.ImRead(file, ImreadModes.Grayscale);
            Assert.Equal((w, h), (image.Width, image.Height));
            Cv2.MeanStdDev(image, out _, out var std);
            Assert.True(std.Val0 > 10, $"{file}: grey-level std {std.Val0:0.0} — blank?");
        }
        using var sideImage = Cv2.ImRead(side, ImreadModes.Color);
        using var green = new Mat();
        Cv2.InRange(sideImage, new Scalar(0, 100, 0), new Scalar(60, 160, 60), green); // the start marker (0,128,0)
        Assert.True(Cv2.CountNonZero(green) > 20, $"green pixels: {Cv2.CountNonZero(green)}");
    }

    [Fact]
    public void Empty_input_or_a_tiny_size_is_refused()
    {
        Assert.Throws<ArgumentException>(() => TrajectoryPlots.SaveErrorPlot(Path.Combine(dir, "x.png"), [], "t"));
        var gt = TestTrajectories.Helix(10);
        Assert.Throws<ArgumentException>(() => TrajectoryPlots.SaveTopView(Path.Combine(dir, "y.png"), new([]), gt, "t"));
        Assert.Throws<ArgumentOutOfRangeException>(() => TrajectoryPlots.SaveTopView(Path.Combine(dir, "z.png"), gt, gt, "t", 10, 10));
    }
}
