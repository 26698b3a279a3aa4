using NiceSlam.Messages.Cdr;

namespace NiceSlam.Foxglove;

/// <summary>The request and response texts of the node's services (msg/srv/*.srv without comments): the schemas
/// a Foxglove client uses to write requests and read responses.</summary>
public static class ServiceDefinitions
{
    private static readonly Dictionary<string, (string Request, string Response)> Texts = new(StringComparer.Ordinal)
    {
        ["nice_slam_msgs/srv/SaveMap"] = ("string path\n", "bool success\nstring message\n"),
        ["nice_slam_msgs/srv/LoadMap"] = ("string path\n", "bool success\nstring message\n"),
        ["nice_slam_msgs/srv/ResetMap"] = ("", "bool success\nstring message\n"),
        ["nice_slam_msgs/srv/ExportMesh"] = ("string path\nfloat32 resolution\n", "bool success\nstring message\nuint32 vertices\nuint32 faces\n"),
    };

    /// <summary>Service types with known texts.</summary>
    public static IEnumerable<string> Types => Texts.Keys;

    /// <summary>The request and response definitions of <paramref name="serviceType"/> ("pkg/srv/Name").</summary>
    /// <exception cref="CdrException">Not one of the node's services.</exception>
    public static (string Request, string Response) For(string serviceType) =>
        Texts.TryGetValue(serviceType, out var texts)
            ? texts
            : throw new CdrException($"no service definition for '{serviceType}' (known: {string.Join(", ", Texts.Keys)})");
}
