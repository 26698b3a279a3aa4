using NiceSlam.Data.Datasets;
using NiceSlam.Data.Synthetic;

namespace NiceSlam.Node.Sources;

/// <summary>Opens the recorded source named by the source setting: "synthetic", a rosbag2 bag (folder with
/// metadata.yaml, .db3 or .mcap) or a dataset folder.</summary>
public static class RecordedSources
{
    public static IRecordedSource Open(NodeOptions options)
    {
        var topics = TopicNames.From(options);
        if (BagSource.IsBag(options.Source)) return BagSource.Open(options.Source, topics, options.MaxFrames);
        var dataset = FrameSources.Open(options.Source, new SyntheticSequenceOptions
        {
            FrameCount = options.MaxFrames > 0 ? options.MaxFrames : NodeOptions.DemoFrames,
            Motion = Enum.Parse<SyntheticMotion>(options.SyntheticMotion, ignoreCase: true),
        });
        return new DatasetSource(dataset, options.MaxFrames, topics);
    }
}
