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
    public void Empty_input_is_refused()
    {
        Assert.Throws<ArgumentException>(() => TrajectoryPlots.SaveErrorPlot(Path.Combine(dir, "x.png"), [], "t"));
    }
}
