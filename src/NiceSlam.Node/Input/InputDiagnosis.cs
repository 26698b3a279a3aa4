using System.Globalization;
using NiceSlam.Messages.Bus;

namespace NiceSlam.Node.Input;

/// <summary>
/// Says in one line why no frame has been assembled: which of colour, depth and CameraInfo arrived (how many,
/// encoding, size, how long ago), the stamp skew between the latest colour and depth, the latest rejection, and the
/// image and CameraInfo topics the transport can discover, flagging configured topics nobody publishes. The
/// commonest complaint about ROS SLAM nodes is "did not receive data" with no reason given.
/// </summary>
public static class InputDiagnosis
{
    private const string ImageType = "sensor_msgs/msg/Image";
    private const string CompressedImageType = "sensor_msgs/msg/CompressedImage";
    private const string CameraInfoType = "sensor_msgs/msg/CameraInfo";

    /// <param name="silentSeconds">How long no frame has been assembled.</param>
    /// <param name="discovered">Published topics the transport sees; null when it cannot tell.</param>
    public static string Explain(double silentSeconds, InputActivity activity, double syncMaxInterval, InputCounters counters,
        IReadOnlyList<DiscoveredTopic>? discovered, DateTime nowUtc)
    {
        var c = CultureInfo.InvariantCulture;
        var parts = new List<string>
        {
            Stream("colour", activity.Colour, ImageType, discovered, nowUtc),
            Stream("depth", activity.Depth, ImageType, discovered, nowUtc),
            Stream("CameraInfo", activity.CameraInfo, CameraInfoType, discovered, nowUtc),
        };
        var (colour, depth) = (activity.Colour, activity.Depth);
        if (colour.LastStamp is { } cs && depth.LastStamp is { } ds)
        {
            double skew = (cs.TotalNanoseconds - ds.TotalNanoseconds) / 1e9;
            parts.Add(string.Format(c, "stamp skew colour-depth {0:+0.000;-0.000;0.000} s", skew) + (Math.Abs(skew) > syncMaxInterval
                ? string.Format(c, ", more than sync_max_interval {0} s: no pair can form (depth aligned to colour from the same camera? one clock?)", syncMaxInterval)
                : ""));
        }
        else
            parts.Add("stamp skew: n/a (needs both colour and depth)");
        if (activity.ColourMissing > 0)
            parts.Add($"{activity.ColourMissing} colour image(s) missing before the node (gaps in their stamps: lost in transport, e.g. best-effort samples DDS dropped, or not sent)");
        if (counters.LastRejection is { } rejection)
            parts.Add($"{counters.Rejected} rejected, latest {rejection}");
        if (discovered is null)
            parts.Add("topic discovery: not available on this transport");
        else
        {
            var images = discovered.Where(t => t.Type is ImageType or CompressedImageType).Select(Describe).ToList();
            var infos = discovered.Where(t => t.Type == CameraInfoType).Select(Describe).ToList();
            parts.Add(images.Count + infos.Count == 0
                ? "no Image or CameraInfo topic can be discovered (is the camera driver running, on the same ROS_DOMAIN_ID/domain_id, reachable on the node's network interface?)"
                : "discoverable image topics: " + (images.Count > 0 ? string.Join(", ", images) : "none") +
                  "; CameraInfo topics: " + (infos.Count > 0 ? string.Join(", ", infos) : "none"));
        }
        return string.Format(c, "no frame assembled for {0:0} s: ", silentSeconds) + string.Join("; ", parts);
    }

    private static string Stream(string what, StreamActivity s, string type, IReadOnlyList<DiscoveredTopic>? discovered, DateTime nowUtc)
    {
        var c = CultureInfo.InvariantCulture;
        string text = s.Messages == 0
            ? $"{what} {s.Topic}: nothing received"
            : string.Format(c, "{0} {1}: {2} received ({3} {4}x{5}, last {6:0.0} s ago)", what, s.Topic, s.Messages,
                string.IsNullOrEmpty(s.Encoding) ? "-" : s.Encoding, s.Width, s.Height, (nowUtc - s.LastArrivalUtc!.Value).TotalSeconds);
        if (discovered is null) return text;
        var published = discovered.Where(t => t.Name == s.Topic).ToList();
        if (published.Count == 0)
            text += ", and nobody publishes it";
        else if (!published.Any(t => t.Type == type))
            text += $", published as {string.Join(", ", published.Select(t => t.Type))}, not {type}";
        else if (s.Messages == 0)
            text += ", though it is published (samples lost on the way? large images need UDP fragments through: check the network interface)";
        return text;
    }

    private static string Describe(DiscoveredTopic t) =>
        t.Type == CompressedImageType ? $"{t.Name} (CompressedImage: not supported live)" : t.Name;
}
