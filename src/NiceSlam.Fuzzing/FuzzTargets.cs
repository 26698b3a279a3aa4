using NiceSlam.Fuzzing.Targets;

namespace NiceSlam.Fuzzing;

/// <summary>Every fuzz target by name, in the order `nice-slam fuzz all` runs them.</summary>
public static class FuzzTargets
{
    private static readonly (string Name, Func<FuzzTarget> Create)[] All =
    [
        ("cdr", () => new CdrMessagesTarget()),
        ("mcap", () => new McapTarget()),
        ("db3", () => new Db3Target()),
        ("metadata", () => new BagMetadataTarget()),
        ("map", () => new MapFileTarget()),
        ("weights", () => new DecoderWeightsTarget()),
        ("camera-yaml", () => new CameraYamlTarget()),
        ("datasets", () => new DatasetFolderTarget()),
    ];

    public static IReadOnlyList<string> Names => [.. All.Select(t => t.Name)];

    /// <summary>A new target (the caller disposes it: it removes the target's temporary files).</summary>
    public static FuzzTarget Create(string name) =>
        All.FirstOrDefault(t => t.Name == name).Create?.Invoke()
        ?? throw new ArgumentException($"unknown fuzz target '{name}' (known: {string.Join(", ", Names)})", nameof(name));
}
