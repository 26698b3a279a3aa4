using ScottPlot;

namespace NiceSlam.Data.Evaluation;

/// <summary>Training loss curves as a PNG (log-scale loss against step), with a moving average per curve.</summary>
public static class LossCurvePlot
{
    public static void Save(string path, IReadOnlyDictionary<string, IReadOnlyList<double>> curves, string title, int width = 800, int height = 450)
    {
        if (curves.Count == 0 || curves.Values.All(c => c.Count == 0)) throw new ArgumentException("nothing to plot: no loss values");
        var plot = new Plot();
        Color[] colours = [Colors.Blue, Colors.OrangeRed, Colors.Green, Colors.Purple];
        int k = 0;
        foreach (var (name, curve) in curves)
        {
            if (curve.Count == 0) continue;
            double[] xs = Enumerable.Range(1, curve.Count).Select(i => (double)i).ToArray();
            double[] ys = MovingAverage(curve, Math.Max(1, curve.Count / 50)).Select(v => Math.Log10(Math.Max(v, 1e-12))).ToArray();
            var line = plot.Add.Scatter(xs, ys, colours[k++ % colours.Length]);
            line.MarkerSize = 0;
            line.LineWidth = 2;
            line.LegendText = name;
        }
        plot.Title(title);
        plot.XLabel("step");
        plot.YLabel("log10 loss (moving average)");
        plot.ShowLegend();
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        plot.SavePng(path, width, height);
    }

    private static double[] MovingAverage(IReadOnlyList<double> values, int window)
    {
        var result = new double[values.Count];
        double sum = 0;
        for (int i = 0; i < values.Count; i++)
        {
            sum += values[i];
            if (i >= window) sum -= values[i - window];
            result[i] = sum / Math.Min(i + 1, window);
        }
        return result;
    }
}
