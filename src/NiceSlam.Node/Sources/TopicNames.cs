namespace NiceSlam.Node.Sources;

/// <summary>The input topics of the node (and of a recording replayed onto them).</summary>
public sealed record TopicNames(string Colour, string Depth, string CameraInfo, string GroundTruth)
{
    public static TopicNames From(NodeOptions options) =>
        new(options.ColorTopic, options.DepthTopic, options.CameraInfoTopic, options.GroundTruthTopic);
}
