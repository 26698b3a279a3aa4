using System.CommandLine;
using NiceSlam.Data.Synthetic;

namespace NiceSlam.Cli.Commands;

/// <summary>`nice-slam synth`: writes the synthetic sequence to a folder in TUM RGB-D layout.</summary>
internal static class SynthCommand
{
    public static Command Create()
    {
        var source = new SourceOptions();
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder to write (rgb/, depth/, rgb.txt, depth.txt, groundtruth.txt, camera.yaml).", Required = true };
        var command = new Command("synth", "Write the synthetic RGB-D sequence in TUM RGB-D layout (readable by every command as a dataset folder).");
        foreach (var option in new Option[] { source.Frames, source.SyntheticWidth, source.SyntheticHeight, source.Noise, source.Holes, source.Moving, source.Seed, source.Motion, output })
            command.Options.Add(option);
        command.SetAction(parse =>
        {
            try
            {
                int frames = parse.GetValue(source.Frames);
                var sequence = new SyntheticSequence(new SyntheticSequenceOptions
                {
                    Width = parse.GetValue(source.SyntheticWidth),
                    Height = parse.GetValue(source.SyntheticHeight),
                    FrameCount = frames > 0 ? frames : SourceOptions.DefaultSyntheticFrames,
                    DepthNoiseStd = parse.GetValue(source.Noise),
                    HoleFraction = parse.GetValue(source.Holes),
                    MovingObject = parse.GetValue(source.Moving),
                    Seed = parse.GetValue(source.Seed),
                    Motion = parse.GetValue(source.Motion),
                });
                string folder = parse.GetValue(output)!.FullName;
                var progress = new ConsoleProgress(sequence.Count);
                int written = TumLayoutWriter.Write(sequence, folder, progress: new Progress<int>(n => progress.Report(n, "frames written")));
                Console.WriteLine($"wrote {written} frames ({sequence.Intrinsics}) to {folder}");
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or IOException)
            {
                Console.Error.WriteLine($"synth: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
