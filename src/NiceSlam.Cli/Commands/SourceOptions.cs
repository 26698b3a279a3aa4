using System.CommandLine;
using NiceSlam.Data.Datasets;
using NiceSlam.Data.Synthetic;

namespace NiceSlam.Cli.Commands;

/// <summary>The options every command that reads a source shares: the source itself and the synthetic
/// sequence's settings.</summary>
internal sealed class SourceOptions
{
    public Argument<string> Source { get; } = new("source")
    {
        Description = "'synthetic' (embedded, no download) or a dataset folder (TUM RGB-D, 7-Scenes, Replica, ScanNet, folder + camera.yaml).",
        DefaultValueFactory = _ => FrameSources.Synthetic,
    };

    public Option<int> Frames { get; } = new("--frames") { Description = "Frames to use (0: all; synthetic: frames to render).", DefaultValueFactory = _ => 0 };
    public Option<int> SyntheticWidth { get; } = new("--synthetic-width") { Description = "Synthetic: rendered width.", DefaultValueFactory = _ => SyntheticSequenceOptions.DefaultWidth };
    public Option<int> SyntheticHeight { get; } = new("--synthetic-height") { Description = "Synthetic: rendered height.", DefaultValueFactory = _ => SyntheticSequenceOptions.DefaultHeight };
    public Option<double> Noise { get; } = new("--noise") { Description = "Synthetic: depth noise std at 1 m, metres (grows with depth²).", DefaultValueFactory = _ => 0 };
    public Option<double> Holes { get; } = new("--holes") { Description = "Synthetic: share of pixels without depth.", DefaultValueFactory = _ => 0 };
    public Option<bool> Moving { get; } = new("--moving") { Description = "Synthetic: add a moving object." };
    public Option<int> Seed { get; } = new("--seed") { Description = "Synthetic: noise seed.", DefaultValueFactory = _ => 1 };
    public Option<int> Rooms { get; } = new("--rooms") { Description = "Synthetic tour: rooms of the suite.", DefaultValueFactory = _ => new SyntheticSequenceOptions().Rooms };
    public Option<SyntheticMotion> Motion { get; } = new("--motion") { Description = "Synthetic: the camera's path, orbit (gentle, default), fast (90°/s turning, about 1 m/s) or tour (walks through a suite of 3 rooms and back: the map must grow).", DefaultValueFactory = _ => SyntheticMotion.Orbit };

    public const int DefaultSyntheticFrames = NiceSlam.Node.NodeOptions.DemoFrames;

    public void AddTo(Command command)
    {
        command.Arguments.Add(Source);
        foreach (var option in new Option[] { Frames, SyntheticWidth, SyntheticHeight, Noise, Holes, Moving, Seed, Motion, Rooms })
            command.Options.Add(option);
    }

    public IRgbdDataset Open(ParseResult parse)
    {
        int frames = parse.GetValue(Frames);
        return FrameSources.Open(parse.GetValue(Source)!, new SyntheticSequenceOptions
        {
            Width = parse.GetValue(SyntheticWidth),
            Height = parse.GetValue(SyntheticHeight),
            FrameCount = frames > 0 ? frames : DefaultSyntheticFrames,
            DepthNoiseStd = parse.GetValue(Noise),
            HoleFraction = parse.GetValue(Holes),
            MovingObject = parse.GetValue(Moving),
            Seed = parse.GetValue(Seed),
            Motion = parse.GetValue(Motion),
            Rooms = parse.GetValue(Rooms),
        });
    }

    /// <summary>How many frames of <paramref name="dataset"/> to use.</summary>
    public int FrameCount(ParseResult parse, IRgbdDataset dataset)
    {
        int frames = parse.GetValue(Frames);
        return frames > 0 ? Math.Min(frames, dataset.Count) : dataset.Count;
    }
}
