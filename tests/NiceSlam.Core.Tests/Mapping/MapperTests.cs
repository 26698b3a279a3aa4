using NiceSlam.Core.Decoders;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Map;
using NiceSlam.Core.Mapping;
using NiceSlam.Core.Rendering;
using NiceSlam.Data.Synthetic;
using NiceSlam.Data.Weights;
using static TorchSharp.torch;

namespace NiceSlam.Core.Tests.Mapping;

/// <summary>Mapper.Map on its own: a fresh map of the synthetic room, frames at their true poses.</summary>
[Trait("Category", "Slow")]
public sealed class MapperTests : IDisposable
{
    private readonly SyntheticSequence sequence = new(new SyntheticSequenceOptions { Width = 80, Height = 60, FrameCount = 8 });
    private readonly NiceDecoders decoders = new(new Generator(0));
    private readonly Generator mapGenerator = new(2), mapperGenerator = new(1);
    private readonly HierarchicalMap map;
    private readonly KeyframeStore keyframes = new();

    public MapperTests()
    {
        ShippedDecoderWeights.LoadGeometry(decoders);
        map = HierarchicalMap.Create(sequence.MapBounds, FittedMap.Settings(sequence), decoders, mapGenerator);
    }

    public void Dispose()
    {
        keyframes.Dispose();
        map.Dispose();
        decoders.Dispose();
        mapGenerator.Dispose();
        mapperGenerator.Dispose();
    }

    private Mapper NewMapper(int iterations)
    {
        var options = FittedMap.Settings(sequence);
        options.Mapping.FirstFrameIterations = options.Mapping.Iterations = iterations;
        return new Mapper(options, mapperGenerator, new Random(1));
    }

    private double DepthL1(FrameTensors frame, int index) =>
        FrameRenderer.DepthL1(map, frame, sequence.PoseOf(index), new RaySampling(), stride: 3);

    [Fact]
    public void Mapping_a_frame_lowers_the_depth_error_of_its_view()
    {
        using var frame = new FrameTensors(sequence.ReadFrame(0), CPU);
        double before = DepthL1(frame, 0);
        NewMapper(60).Map(map, keyframes, frame, sequence.PoseOf(0), firstFrame: true);
        double after = DepthL1(frame, 0);
        Assert.True(after < before / 3, $"depth L1 {before * 100:0.00} cm -> {after * 100:0.00} cm");
        Assert.True(after < 0.05, $"depth L1 after mapping {after * 100:0.00} cm");
    }

    [Fact]
    public void Mapping_leaves_every_grid_vertex_outside_the_frustum_unchanged()
    {
        // A first call, then a regular call with a keyframe in the window: each changes only its own frustum.
        var first = new FrameTensors(sequence.ReadFrame(0), CPU);
        NewMapper(20).Map(map, keyframes, first, sequence.PoseOf(0), firstFrame: true);
        keyframes.Add(new Keyframe(first, sequence.PoseOf(0)));

        using var frame = new FrameTensors(sequence.ReadFrame(6), CPU);
        var pose = sequence.PoseOf(6);
        var grids = new[] { ("middle", map.Middle), ("fine", map.Fine), ("color", map.Color) };
        var before = grids.Select(g => g.Item2.Values.detach().clone()).ToArray();
        var masks = grids.Select(g => FrustumMask.Compute(g.Item2, frame, pose, FittedMap.Settings(sequence).Mapping.FrustumDepthMargin)).ToArray();
        NewMapper(20).Map(map, keyframes, frame, pose, firstFrame: false);

        using var scope = NewDisposeScope();
        for (int i = 0; i < grids.Length; i++)
        {
            var outside = (masks[i] == 0).expand_as(before[i]);
            var inside = (masks[i] > 0).expand_as(before[i]);
            var values = grids[i].Item2.Values.detach();
            Assert.True(outside.any().item<bool>(), $"{grids[i].Item1}: no vertex outside the frustum to check");
            Assert.True(values.masked_select(outside).eq(before[i].masked_select(outside)).all().item<bool>(),
                $"{grids[i].Item1}: a vertex outside the frustum changed");
            Assert.False(values.masked_select(inside).eq(before[i].masked_select(inside)).all().item<bool>(),
                $"{grids[i].Item1}: nothing inside the frustum changed");
        }
        foreach (var t in before.Concat(masks)) t.Dispose();
    }
}
