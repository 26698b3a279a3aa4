namespace NiceSlam.Dds.Ros;

/// <summary>
/// How ROS 2 names map onto DDS names (rmw_cyclonedds, rmw_fastrtps): topic "/a/b" is DDS topic "rt/a/b"; service
/// "/s" is a request topic "rq/sRequest" and a reply topic "rr/sReply"; message type "pkg/msg/Name" is DDS type
/// "pkg::msg::dds_::Name_" (services: "pkg::srv::dds_::Name_Request_" / "_Response_").
/// </summary>
public static class RosNames
{
    public const string TopicPrefix = "rt";
    public const string RequestPrefix = "rq";
    public const string ReplyPrefix = "rr";

    /// <summary>The DDS topic of ROS topic <paramref name="rosTopic"/> ("/tf" → "rt/tf").</summary>
    public static string Topic(string rosTopic) => TopicPrefix + Validate(rosTopic, "topic");

    /// <summary>The request topic of service <paramref name="rosService"/> ("/a/save" → "rq/a/saveRequest").</summary>
    public static string RequestTopic(string rosService) => RequestPrefix + Validate(rosService, "service") + "Request";

    /// <summary>The reply topic of service <paramref name="rosService"/> ("/a/save" → "rr/a/saveReply").</summary>
    public static string ReplyTopic(string rosService) => ReplyPrefix + Validate(rosService, "service") + "Reply";

    /// <summary>"pkg/msg/Name" (or "pkg/srv/Name_Request") → "pkg::msg::dds_::Name_".</summary>
    public static string DdsType(string rosType)
    {
        var parts = rosType?.Split('/') ?? [];
        if (parts.Length != 3 || parts.Any(string.IsNullOrEmpty))
            throw new ArgumentException($"a ROS type name has the form package/msg/Name, got '{rosType}'", nameof(rosType));
        return $"{parts[0]}::{parts[1]}::dds_::{parts[2]}_";
    }

    /// <summary>"pkg::msg::dds_::Name_" → "pkg/msg/Name"; null for a DDS type that does not follow the convention.</summary>
    public static string? RosType(string ddsType)
    {
        var parts = ddsType.Split("::");
        return parts.Length == 4 && parts[2] == "dds_" && parts[3].Length > 1 && parts[3].EndsWith('_')
            ? $"{parts[0]}/{parts[1]}/{parts[3][..^1]}"
            : null;
    }

    /// <summary>"rt/a/b" → "/a/b"; null for a DDS topic that is not a ROS topic (services, ros_discovery_info, DDS-only).</summary>
    public static string? RosTopic(string ddsTopic) =>
        ddsTopic.StartsWith(TopicPrefix + "/", StringComparison.Ordinal) ? ddsTopic[TopicPrefix.Length..] : null;

    /// <summary>Checks a fully qualified ROS topic or service name (rcl's rules: absolute, tokens of letters, digits
    /// and underscores not starting with a digit, no empty tokens, no trailing slash).</summary>
    /// <exception cref="ArgumentException">Not a valid fully qualified name.</exception>
    public static string Validate(string name, string what = "topic")
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException($"ROS {what} name is empty", what);
        string? problem = name switch
        {
            _ when name[0] != '/' => "is not absolute (must start with /)",
            "/" => "has no name after /",
            _ when name.EndsWith('/') => "ends with /",
            _ when name.Contains("//", StringComparison.Ordinal) => "has an empty token (//)",
            _ => null,
        };
        if (problem is null)
            foreach (var token in name[1..].Split('/'))
            {
                if (char.IsAsciiDigit(token[0])) { problem = $"has a token starting with a digit ('{token}')"; break; }
                if (!token.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')) { problem = $"has a character other than letters, digits and _ in '{token}'"; break; }
            }
        return problem is null ? name : throw new ArgumentException($"ROS {what} name '{name}' {problem}", what);
    }
}
