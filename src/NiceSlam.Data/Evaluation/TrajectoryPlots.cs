using NiceSlam.Data.Trajectories;
using ScottPlot;

namespace NiceSlam.Data.Evaluation;

/// <summary>PNG plots of an evaluation (ScottPlot): the trajectories seen from above, and the error per pose.</summary>
public static class TrajectoryPlots
{
    /// <summary>The plane a top view is drawn on: two world axes, or <see cref="Auto"/> for the two along which the
    /// ground truth spreads most.</summary>
    public enum Plane { Auto, XY, XZ, YZ }

    /// <summary>The horizontal axis of the error plot.</summary>
    public enum ErrorAxis { Time, FrameIndex }

    /// <summary>Top view of an ATE result: the matched ground truth and the aligned estimate, titled
    /// "<paramref name="name"/>: ATE x.xx cm".</summary>
    public static void SaveTopView(string path, AteResult ate, string name, int width = 800, int height = 700, Plane plane = Plane.Auto) =>
        SaveTopView(path, ate.MatchedGroundTruth, ate.AlignedEstimate, $"{name}: ATE {ate.Statistics.Rmse * 100:0.00} cm", width, height, plane);

    /// <summary>Top view of the ground truth (black) and the aligned estimate (orange-red) on <paramref name="plane"/>
    /// (by default the two world axes along which the ground truth spreads most: for a z-up world the floor),
    /// with equal axis scaling, a legend, and the ground truth's start (green circle) and end (blue square).</summary>
    public static void SaveTopView(string path, Trajectory groundTruth, Trajectory alignedEstimate, string title, int width = 800, int height = 700,
        Plane plane = Plane.Auto)
    {
        if (groundTruth.Count == 0) throw new ArgumentException("nothing to plot: empty ground truth");
        var (a, b) = plane switch
        {
            Plane.XY => (0, 1),
            Plane.XZ => (0, 2),
            Plane.YZ => (1, 2),
            _ => WidestAxes(groundTruth),
        };
        string[] names = ["x", "y", "z"];
        var plot = new Plot();
        AddPath(plot, groundTruth, a, b, Colors.Black, "ground truth");
        if (alignedEstimate.Count > 0) AddPath(plot, alignedEstimate, a, b, Colors.OrangeRed, "estimate (aligned)");
        var start = groundTruth[0].Pose;
        var marker = plot.Add.Marker(Axis(start, a), Axis(start, b), MarkerShape.FilledCircle, 10, Colors.Green);
        marker.LegendText = "start";
        var end = groundTruth[^1].Pose;
        var endMarker = plot.Add.Marker(Axis(end, a), Axis(end, b), MarkerShape.FilledSquare, 10, Colors.Blue);
        endMarker.LegendText = "end";
        plot.Title(title);
        plot.XLabel($"{names[a]} [m]");
        plot.YLabel($"{names[b]} [m]");
        plot.Axes.SquareUnits();
        plot.ShowLegend();
        Save(plot, path, width, height);
    }

    /// <summary>Translation error (cm) of each pose against time since the first pose (or the index of the matched
    /// pose), with the RMSE as a dashed line.</summary>
    public static void SaveErrorPlot(string path, IReadOnlyList<PoseError> errors, string title, int width = 800, int height = 400,
        ErrorAxis axis = ErrorAxis.Time)
    {
        if (errors.Count == 0) throw new ArgumentException("nothing to plot: no errors");
        double t0 = errors[0].Timestamp;
        double[] xs = axis == ErrorAxis.FrameIndex
            ? Enumerable.Range(0, errors.Count).Select(i => (double)i).ToArray()
            : errors.Select(e => e.Timestamp - t0).ToArray();
        double[] ys = errors.Select(e => e.Error * 100).ToArray();
        var plot = new Plot();
        var line = plot.Add.Scatter(xs, ys, Colors.OrangeRed);
        line.MarkerSize = 3;
        line.LegendText = "translation error";
        double rmse = Math.Sqrt(ys.Average(y => y * y));
        var rmseLine = plot.Add.HorizontalLine(rmse, 1, Colors.Black, LinePattern.Dashed);
        rmseLine.LegendText = $"RMSE {rmse:0.00} cm";
        plot.Title(title);
        plot.XLabel(axis == ErrorAxis.FrameIndex ? "matched pose" : "time [s]");
        plot.YLabel("ATE [cm]");
        // Headroom above the largest error so that the legend (upper right) does not hide points.
        plot.Axes.SetLimitsY(0, Math.Max(ys.Max() * 1.35, 1e-3));
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        Save(plot, path, width, height);
    }

    private static void AddPath(Plot plot, Trajectory trajectory, int a, int b, Color color, string label)
    {
        double[] xs = trajectory.Select(p => Axis(p.Pose, a)).ToArray();
        double[] ys = trajectory.Select(p => Axis(p.Pose, b)).ToArray();
        var scatter = plot.Add.Scatter(xs, ys, color);
        scatter.MarkerSize = 0;
        scatter.LineWidth = 2;
        scatter.LegendText = label;
    }

    private static (int, int) WidestAxes(Trajectory trajectory)
    {
        var spread = Enumerable.Range(0, 3)
            .Select(axis => trajectory.Max(p => Axis(p.Pose, axis)) - trajectory.Min(p => Axis(p.Pose, axis)))
            .ToArray();
        var order = Enumerable.Range(0, 3).OrderByDescending(i => spread[i]).Take(2).OrderBy(i => i).ToArray();
        return (order[0], order[1]);
    }

    private static double Axis(Core.Geometry.RigidTransform pose, int axis) => axis switch { 0 => pose.Tx, 1 => pose.Ty, _ => pose.Tz };

    private static void Save(Plot plot, string path, int width, int height)
    {
        if (width < 100 || height < 100) throw new ArgumentOutOfRangeException(nameof(width), $"plot size {width}x{height} is too small (min 100x100)");
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        plot.SavePng(path, width, height);
    }
}
