namespace NiceSlam.Node;

/// <summary>
/// The node's settings, bound from the "NiceSlam" configuration section (appsettings.json, environment
/// variables NiceSlam__Key, command line --NiceSlam:Key=value). The names are those the ROS parameters will use.
/// </summary>
public sealed class NodeOptions
{
    public const string Section = "NiceSlam";

    /// <summary>"synthetic" or a dataset folder (TUM, 7-Scenes, Replica, ScanNet, generic folder).</summary>
    public string Source { get; set; } = "synthetic";

    /// <summary>Frames to play from the source (0: all).</summary>
    public int MaxFrames { get; set; } = 60;

    /// <summary>Playback rate in frames per second (0: as fast as the input stage can read).</summary>
    public double PlaybackFps { get; set; } = 30;

    /// <summary>Frames the input queue holds before dropping the oldest.</summary>
    public int QueueCapacity { get; set; } = 4;

    /// <summary>Processing width and height (0: the source's own); the intrinsics follow.</summary>
    public int Width { get; set; } = 160;
    public int Height { get; set; } = 120;

    /// <summary>Pixels removed from every border after resizing.</summary>
    public int CropEdge { get; set; }

    /// <summary>Seconds between status log lines.</summary>
    public double StatusIntervalSeconds { get; set; } = 1;

    /// <summary>Stop the host when the source is exhausted and every frame is processed.</summary>
    public bool StopWhenDone { get; set; } = true;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Source)) throw new ArgumentException($"{Section}:Source must name 'synthetic' or a dataset folder");
        if (MaxFrames < 0) throw new ArgumentException($"{Section}:MaxFrames must be >= 0, got {MaxFrames}");
        if (PlaybackFps < 0 || !double.IsFinite(PlaybackFps)) throw new ArgumentException($"{Section}:PlaybackFps must be >= 0, got {PlaybackFps}");
        if (QueueCapacity < 1) throw new ArgumentException($"{Section}:QueueCapacity must be >= 1, got {QueueCapacity}");
        if (Width < 0 || Height < 0 || (Width == 0) != (Height == 0))
            throw new ArgumentException($"{Section}:Width and Height must both be 0 (source size) or both positive, got {Width}x{Height}");
        if (CropEdge < 0) throw new ArgumentException($"{Section}:CropEdge must be >= 0, got {CropEdge}");
        if (!(StatusIntervalSeconds > 0)) throw new ArgumentException($"{Section}:StatusIntervalSeconds must be > 0, got {StatusIntervalSeconds}");
    }
}
