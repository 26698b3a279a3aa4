using System.CommandLine;
using System.Globalization;
using NiceSlam.Data.Datasets;

namespace NiceSlam.Cli.Commands;

/// <summary>`nice-slam info`: what a source holds, as the readers see it.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var source = new SourceOptions();
        var command = new Command("info", "Show a source's layout, frame count, time span, intrinsics, ground truth and first-frame depth statistics.");
        source.AddTo(command);
        command.SetAction(parse =>
        {
            try
            {
                var dataset = source.Open(parse);
                Console.WriteLine($"source:       {dataset.Name}");
                Console.WriteLine($"frames:       {dataset.Count}");
                Console.WriteLine($"intrinsics:   {dataset.Intrinsics}");
                Console.WriteLine($"ground truth: {(dataset.HasGroundTruth ? "yes" : "no")}");
                if (dataset.Count == 0) return 0;
                var first = dataset.ReadFrame(0);
                var last = dataset.Count > 1 ? dataset.ReadFrame(dataset.Count - 1) : first;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"time:         {first.Timestamp:F6} .. {last.Timestamp:F6} s ({last.Timestamp - first.Timestamp:0.00} s)"));
                var valid = first.Depth.Where(d => d > 0).OrderBy(d => d).ToArray();
                Console.WriteLine(valid.Length == 0
                    ? "depth:        frame 0 has no valid depth"
                    : string.Create(CultureInfo.InvariantCulture,
                        $"depth:        frame 0: {valid.Length * 100.0 / first.Depth.Length:0.0} % valid, {valid[0]:0.000} .. {valid[^1]:0.000} m, median {valid[valid.Length / 2]:0.000} m"));
                if (first.GroundTruthPose is { } pose) Console.WriteLine($"pose 0:       {pose}");
                return 0;
            }
            catch (Exception e) when (e is DatasetException or ArgumentException or IOException or InvalidOperationException)
            {
                Console.Error.WriteLine($"info: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
