using System.Runtime.InteropServices;
using NiceSlam.Core.Decoders;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Map;
using NiceSlam.Core.Mapping;
using NiceSlam.Core.Slam;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Tests.Slam;

/// <summary>
/// A libtorch failure inside a mapping call costs that frame's mapping, not the node nor the map: the map goes back
/// to the snapshot the previous call published when one matches it.
/// </summary>
public class MappingSideTests
{
    private static readonly Bounds3 Room = new(-1, -1, 0, 1, 1, 1);
    private static readonly RigidTransform Pose = RigidTransform.FromQuaternion(0, 0, 0, 1, 0.1, 0.2, 0.3);

    private static HierarchicalMap NewMap(Bounds3 bounds) =>
        HierarchicalMap.Create(bounds, SlamPresets.Cpu(), new NiceDecoders(new Generator(1)), new Generator(2));

    /// <summary>What a call does before it fails: steps every grid and the colour decoder, then libtorch throws.</summary>
    private static Func<(MappingResult, RigidTransform)> StepsThenFails(HierarchicalMap map) => () =>
    {
        using (no_grad())
        {
            foreach (var grid in map.Grids) grid.Values.add_(0.25);
            foreach (var p in map.Decoders.Color.parameters()) p.add_(0.25);
        }
        throw new ExternalException("The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1\nException raised from infer_size_impl");
    };

    private static float[] Values(HierarchicalMap map) =>
        [.. map.Grids.SelectMany(g => g.Values.flatten().data<float>().ToArray()), .. map.Decoders.Color.parameters().SelectMany(p => p.flatten().data<float>().ToArray())];

    [Fact]
    public void A_libtorch_failure_rolls_the_map_back_to_the_previous_snapshot_and_the_frame_is_not_mapped()
    {
        using var map = NewMap(Room);
        using var before = map.FrozenCopy();
        var expected = Values(before);

        var (result, pose) = MappingSide.RolledBackOnLibTorchFailure(StepsThenFails(map), map, before, frameIndex: 7, Pose);

        Assert.True(result.Failed);
        Assert.True(result.RolledBack);
        Assert.Equal(7, result.FrameIndex);
        Assert.Equal(0, result.Iterations);
        Assert.False(result.BundleAdjusted);
        Assert.Equal("libtorch failed in the mapping call: The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1",
            result.FailureReason);
        Assert.Equal(Pose, pose);
        Assert.Equal(expected, Values(map));                     // every grid and the colour decoder as before the call
    }

    [Fact]
    public void Without_a_matching_snapshot_the_map_keeps_the_steps_the_call_completed()
    {
        using var map = NewMap(Room);
        var initial = Values(map);
        // The first call has no snapshot; a call that grew the map first has one of other bounds.
        using var smaller = NewMap(new Bounds3(-1, -1, 0, 0.5, 0.5, 0.5));
        foreach (var before in new[] { null, smaller })
        {
            var start = Values(map);
            var (result, _) = MappingSide.RolledBackOnLibTorchFailure(StepsThenFails(map), map, before, frameIndex: 0, Pose);
            Assert.True(result.Failed);
            Assert.False(result.RolledBack);
            Assert.Equal(start.Select(v => v + 0.25f), Values(map));
        }
        Assert.NotEqual(initial, Values(map));
    }

    [Fact]
    public void A_completed_call_is_returned_as_it_is_and_other_exceptions_propagate()
    {
        using var map = NewMap(Room);
        using var before = map.FrozenCopy();
        var done = new MappingResult(3, 30, 0.1, 0.2, 0.3, 0.4, 100, [0, 3], BundleAdjusted: false);
        var (result, pose) = MappingSide.RolledBackOnLibTorchFailure(() => (done, Pose), map, before, 3, RigidTransform.Identity);
        Assert.Same(done, result);
        Assert.False(result.Failed);
        Assert.Equal(Pose, pose);

        Assert.Throws<InvalidOperationException>(() => MappingSide.RolledBackOnLibTorchFailure(() => throw new InvalidOperationException("a bug"),
            map, before, 3, Pose));
    }
}
