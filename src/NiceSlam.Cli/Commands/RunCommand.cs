using System.CommandLine;
using NiceSlam.Core.Slam;
using NiceSlam.Data.Datasets;
using NiceSlam.Data.Preprocessing;
using NiceSlam.Cli.Running;
using NiceSlam.Data.Synthetic;

namespace NiceSlam.Cli.Commands;

/// <summary>
/// `nice-slam run`: the main job. Runs NICE-SLAM on a source with a preset and overrides, shows progress, and
/// writes the estimated trajectory (TUM), the mesh (PLY), plots and a JSON report; Ctrl+C stops and still writes
/// what was computed.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var source = new SourceOptions();
        var preset = new Option<string>("--preset") { Description = $"Settings preset: {string.Join(", ", SlamPresets.Names)}.", DefaultValueFactory = _ => "cpu" };
        var set = new Option<string[]>("--set") { Description = "Override a setting, Name=value (repeatable), e.g. --set TrackingIterations=30.", AllowMultipleArgumentsPerToken = true };
        var bounds = new Option<string?>("--bounds") { Description = "Scene bounds minX,minY,minZ,maxX,maxY,maxZ in metres (world = first camera at its given pose), or 'auto' (default for datasets: from the first frame)." };
        var sync = new Option<SyncMode?>("--sync") { Description = "strict (reference alternation, deterministic; default) or loose (mapping in parallel)." };
        var width = new Option<int>("--width") { Description = "Processing width (0: the preset's default for datasets: 160x120).", DefaultValueFactory = _ => 0 };
        var height = new Option<int>("--height") { Description = "Processing height.", DefaultValueFactory = _ => 0 };
        var crop = new Option<int>("--crop-edge") { Description = "Pixels removed from every border after resizing.", DefaultValueFactory = _ => 0 };
        var device = new Option<string>("--device") { Description = "auto, cpu or cuda[:N].", DefaultValueFactory = _ => "auto" };
        var threads = new Option<int>("--threads") { Description = "CPU threads for tensors (0: all cores).", DefaultValueFactory = _ => 0 };
        var noMesh = new Option<bool>("--no-mesh") { Description = "Skip mesh extraction at the end." };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Output folder (default: out/<source name>)." };
        var command = new Command("run", "Run NICE-SLAM on a source: trajectory, mesh, plots and a report.");
        source.AddTo(command);
        foreach (var option in new Option[] { preset, set, bounds, sync, width, height, crop, device, threads, noMesh, output })
            command.Options.Add(option);
        command.SetAction(parse =>
        {
            try
            {
                var dataset = source.Open(parse);
                var options = SlamPresets.Get(parse.GetValue(preset)!);
                if (dataset is SyntheticSequence synthetic)
                {
                    // The synthetic room is known: give its bounds as a user's configuration would.
                    options.Bounds = synthetic.SceneBounds.ToBounds3().Expanded(0.1);
                }
                if (parse.GetValue(bounds) is { } text) options.Bounds = SlamOptionsOverrides.ParseBounds(text);
                foreach (var assignment in parse.GetValue(set) ?? []) SlamOptionsOverrides.Apply(options, assignment);
                if (parse.GetValue(sync) is { } mode) options.Sync = mode;
                options.Validate();
                string outDir = parse.GetValue(output)?.FullName
                    ?? Path.Combine(Environment.CurrentDirectory, "out", SlamRun.SafeName(dataset.Name));
                (int, int)? resize = parse.GetValue(width) > 0 && parse.GetValue(height) > 0 ? (parse.GetValue(width), parse.GetValue(height))
                    : dataset is SyntheticSequence ? null : SlamRun.DefaultDatasetSize(dataset.Intrinsics);
                var preprocess = new PreprocessOptions { ResizeTo = resize, CropEdge = parse.GetValue(crop) };
                using var interrupt = new ConsoleInterrupt();
                var run = new SlamRun(dataset, source.FrameCount(parse, dataset), preprocess, options, outDir)
                {
                    Device = parse.GetValue(device)!,
                    Threads = parse.GetValue(threads),
                    Mesh = !parse.GetValue(noMesh),
                    PresetName = parse.GetValue(preset)!,
                };
                return run.Execute(interrupt.Token);
            }
            catch (Exception e) when (e is DatasetException or ArgumentException or IOException or InvalidOperationException)
            {
                Console.Error.WriteLine($"run: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
