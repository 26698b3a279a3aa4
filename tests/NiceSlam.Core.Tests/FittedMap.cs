using NiceSlam.Core.Decoders;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Map;
using NiceSlam.Core.Mapping;
using NiceSlam.Core.Slam;
using NiceSlam.Data.Synthetic;
using NiceSlam.Data.Weights;
using static TorchSharp.torch;

namespace NiceSlam.Core.Tests;

/// <summary>
/// A map of the synthetic room (80x60 frames, exact depth, the shipped pretrained decoders) fitted by the mapper to
/// frames 0 and 4 at their true poses, for the component tests of the tracker and the mapper. Built once per test
/// class that uses it (about a minute on 2 cores).
/// </summary>
public sealed class FittedMap : IDisposable
{
    public FittedMap()
    {
        Sequence = new SyntheticSequence(new SyntheticSequenceOptions { Width = 80, Height = 60, FrameCount = 8 });
        Decoders = new NiceDecoders(new Generator(0));
        ShippedDecoderWeights.LoadGeometry(Decoders);
        Options = Settings(Sequence);
        using var generator = new Generator(2);
        Map = HierarchicalMap.Create(Sequence.MapBounds, Options, Decoders, generator);
        using var mapperGenerator = new Generator(1);
        var mapper = new Mapper(Options, mapperGenerator, new Random(1));
        foreach (int index in new[] { 0, 4 })
        {
            var frame = Frame(index);
            mapper.Map(Map, Keyframes, frame, Sequence.PoseOf(index), firstFrame: index == 0);
            Keyframes.Add(new Keyframe(frame, Sequence.PoseOf(index)));
        }
    }

    /// <summary>The cpu preset with the mapping budget these tests use.</summary>
    public static SlamOptions Settings(SyntheticSequence sequence)
    {
        var options = SlamPresets.Cpu();
        options.Map.Bounds = sequence.MapBounds;
        options.Mapping.FirstFrameIterations = 150;
        options.Mapping.Iterations = 60;
        options.Mapping.CoarseIterations = 0;
        options.Keyframes.BundleAdjustment = false;
        return options;
    }

    public SyntheticSequence Sequence { get; }
    public NiceDecoders Decoders { get; }
    public SlamOptions Options { get; }
    public HierarchicalMap Map { get; }
    public KeyframeStore Keyframes { get; } = new();

    public FrameTensors Frame(int index) => new(Sequence.ReadFrame(index), CPU);

    public void Dispose()
    {
        Keyframes.Dispose();
        Map.Dispose();
        Decoders.Dispose();
    }
}
