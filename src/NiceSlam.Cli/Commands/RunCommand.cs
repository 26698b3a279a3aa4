using System.CommandLine;
using NiceSlam.Core.Slam;
using NiceSlam.Data.Datasets;
using NiceSlam.Cli.Running;
using NiceSlam.Data.Synthetic;
using NiceSlam.Bags;
using NiceSlam.Node;
using NiceSlam.Node.Sources;

namespace NiceSlam.Cli.Commands;

/// <summary>
/// `nice-slam run`: the main job. Runs the node on a recording (dataset, synthetic sequence or bag) with a preset and
/// overrides, shows progress, and writes the estimated trajectory (TUM), the mesh (PLY), plots, a JSON report and
/// the node's outputs bag; Ctrl+C stops and still writes what was computed. Every option is a node setting.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var source = new SourceOptions();
        var defaults = new NodeOptions();
        var preset = new Option<string>("--preset") { Description = $"Settings preset: {string.Join(", ", SlamPresets.Names)}.", DefaultValueFactory = _ => defaults.Preset };
        var set = new Option<string[]>("--set") { Description = "Override an engine setting, Group.Name=value (repeatable; the flat names of before the groups work too), e.g. --set Mapping.Iterations=40.", AllowMultipleArgumentsPerToken = true };
        var bounds = new Option<string?>("--bounds") { Description = "Scene bounds minX,minY,minZ,maxX,maxY,maxZ in metres (world = first camera at its given pose), or 'auto' (default for datasets: from the first frame)." };
        var sync = new Option<SyncMode?>("--sync") { Description = "strict (reference alternation, deterministic; default) or loose (mapping in parallel)." };
        var width = new Option<int>("--width") { Description = $"Processing width (0: datasets and bags {NodeOptions.DefaultWidth} wide, synthetic its rendered size).", DefaultValueFactory = _ => 0 };
        var height = new Option<int>("--height") { Description = "Processing height (0: the camera's aspect).", DefaultValueFactory = _ => 0 };
        var crop = new Option<int>("--crop-edge") { Description = "Pixels removed from every border after resizing.", DefaultValueFactory = _ => 0 };
        var device = new Option<string>("--device") { Description = "auto, cpu or cuda[:N].", DefaultValueFactory = _ => defaults.Device };
        var threads = new Option<int>("--threads") { Description = "CPU threads for tensors (0: all cores).", DefaultValueFactory = _ => 0 };
        var noMesh = new Option<bool>("--no-mesh") { Description = "Skip mesh extraction at the end." };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Output folder (default: out/<source name>)." };
        var memoryEvery = new Option<int>("--memory-every") { Description = "Print working set, heaps and map size every N frames, and the peak and growth at the end (0: off).", DefaultValueFactory = _ => 0 };
        var official = new Option<DirectoryInfo?>("--official-decoders") { Description = "A folder with the official NICE-SLAM pretrained decoders (middle_fine.pt, coarse.pt) to use instead of the shipped ones." };
        var colorTopic = new Option<string>("--color-topic") { Description = "Bags: colour topic (sensor_msgs/Image or CompressedImage).", DefaultValueFactory = _ => defaults.ColorTopic };
        var depthTopic = new Option<string>("--depth-topic") { Description = "Bags: depth topic registered to colour (16UC1 mm or 32FC1 m).", DefaultValueFactory = _ => defaults.DepthTopic };
        var infoTopic = new Option<string>("--camera-info-topic") { Description = "Bags: CameraInfo of the colour camera.", DefaultValueFactory = _ => defaults.CameraInfoTopic };
        var truthTopic = new Option<string>("--ground-truth-topic") { Description = "Bags: ground-truth camera pose (nav_msgs/Odometry or tf2_msgs/TFMessage), '' for none.", DefaultValueFactory = _ => defaults.GroundTruthTopic };
        var depthScale = new Option<double>("--depth-scale") { Description = "Bags: metres per 16UC1 depth unit.", DefaultValueFactory = _ => defaults.DepthScale };
        var foxglove = new Option<int>("--foxglove") { Description = "Serve the run live to Foxglove or Lichtblick on this port (ws://127.0.0.1:PORT, e.g. 8765; 0: off).", DefaultValueFactory = _ => 0 };
        var foxgloveAddress = new Option<string>("--foxglove-address") { Description = "Address the Foxglove server listens on (0.0.0.0: every interface).", DefaultValueFactory = _ => defaults.FoxgloveAddress };
        var command = new Command("run", "Run NICE-SLAM on a source: trajectory, mesh, plots and a report.");
        source.AddTo(command);
        foreach (var option in new Option[] { preset, set, bounds, sync, width, height, crop, device, threads, noMesh, output, memoryEvery, colorTopic, depthTopic, infoTopic, truthTopic, depthScale, official, foxglove, foxgloveAddress })
            command.Options.Add(option);
        command.SetAction(parse =>
        {
            try
            {
                string name = parse.GetValue(source.Source)!;
                var settings = new NodeOptions
                {
                    Source = name,
                    ColorTopic = parse.GetValue(colorTopic)!,
                    DepthTopic = parse.GetValue(depthTopic)!,
                    CameraInfoTopic = parse.GetValue(infoTopic)!,
                    GroundTruthTopic = parse.GetValue(truthTopic)!,
                    DepthScale = parse.GetValue(depthScale),
                    CropEdge = parse.GetValue(crop),
                    MaxFrames = parse.GetValue(source.Frames),
                    SyntheticMotion = parse.GetValue(source.Motion).ToString().ToLowerInvariant(),
                    Preset = parse.GetValue(preset)!,
                    SlamSettings = [.. parse.GetValue(set) ?? [], .. parse.GetValue(sync) is { } mode ? [$"Sync={mode}"] : Array.Empty<string>()],
                    Bounds = parse.GetValue(bounds) ?? "",
                    Device = parse.GetValue(device)!,
                    Threads = parse.GetValue(threads),
                    OfficialDecoders = parse.GetValue(official)?.FullName ?? "",
                    MemoryTraceEvery = parse.GetValue(memoryEvery),
                    FoxglovePort = parse.GetValue(foxglove),
                    FoxgloveAddress = parse.GetValue(foxgloveAddress)!,
                };
                SyntheticSequence? synthetic = null;
                IRecordedSource recording;
                if (BagSource.IsBag(name)) recording = BagSource.Open(name, TopicNames.From(settings), settings.MaxFrames);
                else
                {
                    var dataset = source.Open(parse);
                    synthetic = dataset as SyntheticSequence;
                    settings.MaxFrames = source.FrameCount(parse, dataset);
                    // The dataset's camera's rolling shutter, unless a --set says otherwise (later settings win).
                    if (dataset.RollingShutterReadout > 0)
                        settings.SlamSettings = [FormattableString.Invariant($"Odometry.RollingShutterReadout={dataset.RollingShutterReadout}"), .. settings.SlamSettings];
                    // The synthetic sequence is rendered at the size it is processed at.
                    if (synthetic is not null) (settings.Width, settings.Height) = (0, 0);
                    recording = new DatasetSource(dataset, settings.MaxFrames, TopicNames.From(settings));
                }
                if (parse.GetValue(width) > 0) (settings.Width, settings.Height) = (parse.GetValue(width), parse.GetValue(height));
                string outDir = parse.GetValue(output)?.FullName
                    ?? Path.Combine(Environment.CurrentDirectory, "out", SlamRun.SafeName(recording.Name));
                SlamRun.Offline(settings, outDir);
                try { settings.Validate(); }
                catch
                {
                    recording.Dispose();
                    throw;
                }
                using var interrupt = new ConsoleInterrupt();
                var run = new SlamRun(recording, settings, outDir) { Synthetic = synthetic, Mesh = !parse.GetValue(noMesh) };
                return run.Execute(interrupt.Token);      // the node owns the recording from here on
            }
            catch (Exception e) when (e is DatasetException or BagException or ArgumentException or IOException or InvalidOperationException or InvalidDataException or Data.Weights.DecoderWeightsException)
            {
                Console.Error.WriteLine($"run: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
