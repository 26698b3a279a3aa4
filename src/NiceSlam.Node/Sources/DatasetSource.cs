using NiceSlam.Data.Datasets;
using NiceSlam.Messages.StdMsgs;

namespace NiceSlam.Node.Sources;

/// <summary>A dataset folder (or the synthetic sequence) replayed as camera topics: for each frame its CameraInfo,
/// colour and depth images, and the ground-truth pose when the dataset has one.</summary>
public sealed class DatasetSource(IRgbdDataset dataset, int maxFrames, TopicNames topics, string cameraFrame = "camera_color_optical_frame")
    : IRecordedSource
{
    public string Name => dataset.Name;

    public int? FrameCount => maxFrames > 0 ? Math.Min(maxFrames, dataset.Count) : dataset.Count;

    public bool RendersFrames => dataset is Data.Synthetic.SyntheticSequence;

    public IEnumerable<RecordedMessage> Messages()
    {
        int count = FrameCount!.Value;
        for (int i = 0; i < count; i++)
        {
            var frame = dataset.ReadFrame(i);
            var stamp = Time.FromSeconds(frame.Timestamp);
            var header = new Header(stamp, cameraFrame);
            yield return new RecordedMessage(topics.CameraInfo, stamp, FrameMessages.Info(frame.Intrinsics, header));
            if (frame.GroundTruthPose is { } gt && topics.GroundTruth.Length > 0)
                yield return new RecordedMessage(topics.GroundTruth, stamp, FrameMessages.GroundTruth(gt, stamp, "world", cameraFrame));
            yield return new RecordedMessage(topics.Colour, stamp, FrameMessages.Colour(frame, header));
            yield return new RecordedMessage(topics.Depth, stamp, FrameMessages.Depth(frame, header));
        }
    }

    public void Dispose() => (dataset as IDisposable)?.Dispose();
}
