using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Data.Checks;
using NiceSlam.Data.Datasets;
using NiceSlam.Data.Preprocessing;
using NiceSlam.Data.Synthetic;
using NiceSlam.Tests;

namespace NiceSlam.Data.Tests.Checks;

public class DepthReprojectionCheckTests
{
    private static readonly SyntheticSequence Sequence = new(new SyntheticSequenceOptions { Width = 80, Height = 60, FrameCount = 10 });

    [Fact]
    public void Consecutive_synthetic_frames_agree_to_millimetres()
    {
        var result = DepthReprojectionCheck.Compare(Sequence.ReadFrame(2), Sequence.ReadFrame(5));
        Assert.True(result.Overlap > 80 * 60 / 2, $"overlap {result.Overlap}");
        Assert.True(result.MedianAbsResidual < 0.01, $"median {result.MedianAbsResidual}");
        Assert.True(result.InlierFraction > 0.95, $"inliers {result.InlierFraction}");
    }

    [Fact]
    public void A_wrong_depth_scale_or_pose_convention_is_caught()
    {
        var a = Sequence.ReadFrame(0);
        var b = Sequence.ReadFrame(6);
        var scaled = new RgbdFrame(a.Index, a.Timestamp, a.Rgb, a.Depth.Select(d => d * 1.2f).ToArray(), a.Intrinsics, a.GroundTruthPose);
        Assert.True(DepthReprojectionCheck.Compare(scaled, b).MedianAbsResidual > 0.1);
        // World-to-camera poses given where camera-to-world is expected (the commonest custom-data mistake).
        var inverted = a.WithGroundTruth(a.GroundTruthPose!.Value.Inverse());
        var invertedB = b.WithGroundTruth(b.GroundTruthPose!.Value.Inverse());
        var wrong = DepthReprojectionCheck.Compare(inverted, invertedB);
        Assert.True(wrong.InlierFraction < 0.5 || wrong.MedianAbsResidual > 0.05, $"{wrong}");
    }

    [Fact]
    public void Frames_without_poses_are_refused()
    {
        var a = Sequence.ReadFrame(0).WithGroundTruth(null);
        Assert.Throws<ArgumentException>(() => DepthReprojectionCheck.Compare(a, Sequence.ReadFrame(1)));
    }

    [RealDataFact(SharedData.TumFr1Rpy)]
    public void Real_tum_depth_intrinsics_and_mocap_poses_agree()
    {
        var dataset = DatasetFactory.Open(SharedData.Path(SharedData.TumFr1Rpy));
        using var preprocessor = new FramePreprocessor(dataset.Intrinsics, new PreprocessOptions { ResizeTo = (320, 240) });
        var result = DepthReprojectionCheck.Compare(preprocessor.Process(dataset.ReadFrame(10)), preprocessor.Process(dataset.ReadFrame(13)));
        Assert.True(result.MedianAbsResidual < 0.02, $"{result}");
        Assert.True(result.InlierFraction > 0.8, $"{result}");
    }

    [RealDataFact(SharedData.SevenScenes)]
    public void Real_7scenes_depth_and_kinectfusion_poses_agree()
    {
        var dataset = DatasetFactory.Open(SharedData.Path(SharedData.SevenScenes));
        using var preprocessor = new FramePreprocessor(dataset.Intrinsics, new PreprocessOptions { ResizeTo = (320, 240) });
        var result = DepthReprojectionCheck.Compare(preprocessor.Process(dataset.ReadFrame(100)), preprocessor.Process(dataset.ReadFrame(105)));
        Assert.True(result.MedianAbsResidual < 0.02, $"{result}");
        Assert.True(result.InlierFraction > 0.8, $"{result}");
    }
}
