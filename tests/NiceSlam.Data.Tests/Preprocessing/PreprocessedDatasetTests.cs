using NiceSlam.Data.Preprocessing;
using NiceSlam.Data.Synthetic;

namespace NiceSlam.Data.Tests.Preprocessing;

public class PreprocessedDatasetTests
{
    [Fact]
    public void FramesComeOutAtTheTargetSizeWithMatchingIntrinsicsAndTheirGroundTruth()
    {
        var raw = new SyntheticSequence(new SyntheticSequenceOptions { Width = 80, Height = 60, FrameCount = 3 });
        using var half = new PreprocessedDataset(raw, new PreprocessOptions { ResizeTo = (40, 30) });
        Assert.Equal((3, raw.Name, true), (half.Count, half.Name, half.HasGroundTruth));
        Assert.Equal(raw.Intrinsics.Resized(40, 30), half.Intrinsics);
        var original = raw.ReadFrame(2);
        var frame = half.ReadFrame(2);
        Assert.Equal((40, 30), (frame.Width, frame.Height));
        Assert.Equal(half.Intrinsics, frame.Intrinsics);
        Assert.Equal((original.Index, original.Timestamp, original.GroundTruthPose), (frame.Index, frame.Timestamp, frame.GroundTruthPose));
        // Nearest-neighbour depth: every resized depth is one of the original depths.
        var depths = original.Depth.ToHashSet();
        Assert.All(frame.Depth, d => Assert.Contains(d, depths));
    }
}
