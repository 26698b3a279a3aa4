namespace NiceSlam.Data.Synthetic;

/// <summary>
/// Settings of a <see cref="SyntheticSequence"/>.
/// </summary>
/// <remarks>
/// <see cref="DepthNoiseStd"/> is the standard deviation (metres) of Gaussian depth noise at 1 m; it grows with
/// depth squared, as with a structured-light sensor (σ(z) = DepthNoiseStd · z²); 0 gives exact depth.
/// <see cref="HoleFraction"/> is the share of pixels whose depth is set to 0 (invalid), in blobs and isolated
/// pixels. The focal length follows from <see cref="HorizontalFovDegrees"/> (square pixels, principal point at the
/// image centre, no distortion).
/// </remarks>
public sealed record SyntheticSequenceOptions
{
    /// <summary>The size everything is processed at by default on a CPU: the synthetic sequence is rendered
    /// <see cref="DefaultWidth"/> x <see cref="DefaultHeight"/>; datasets, bags and cameras are resized to
    /// <see cref="DefaultWidth"/> at their own aspect (the node's <c>width</c> setting).</summary>
    public const int DefaultWidth = 160, DefaultHeight = 120;

    /// <summary>Frames of the synthetic sequence when no count is given (the demo: <c>run synthetic</c>, the node
    /// without a source).</summary>
    public const int DefaultFrameCount = 30;

    public int Width { get; init; } = DefaultWidth;
    public int Height { get; init; } = DefaultHeight;
    public int FrameCount { get; init; } = DefaultFrameCount;
    public double Fps { get; init; } = 30;
    public double HorizontalFovDegrees { get; init; } = 65;
    public double DepthNoiseStd { get; init; }
    public double HoleFraction { get; init; }
    public bool MovingObject { get; init; }
    /// <summary>The camera's path: the gentle orbit (default), fast motion (90°/s, about 1 m/s) or a tour of a suite
    /// of rooms.</summary>
    public SyntheticMotion Motion { get; init; } = SyntheticMotion.Orbit;
    /// <summary>Rooms of the suite a <see cref="SyntheticMotion.Tour"/> walks through (the other motions: the one
    /// default room).</summary>
    public int Rooms { get; init; } = 3;
    public int Seed { get; init; } = 1;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (Width < 2 || Height < 2) throw new ArgumentException($"image size must be at least 2x2, got {Width}x{Height}");
        if (FrameCount < 1) throw new ArgumentException($"frame count must be positive, got {FrameCount}");
        if (!(Fps > 0) || !double.IsFinite(Fps)) throw new ArgumentException($"fps must be positive, got {Fps}");
        if (!(HorizontalFovDegrees > 1 && HorizontalFovDegrees < 170)) throw new ArgumentException($"horizontal FOV must be in (1, 170) degrees, got {HorizontalFovDegrees}");
        if (!(DepthNoiseStd >= 0) || !double.IsFinite(DepthNoiseStd)) throw new ArgumentException($"depth noise must be finite and >= 0, got {DepthNoiseStd}");
        if (Rooms < 1 || Rooms > 50) throw new ArgumentException($"rooms must be in [1, 50], got {Rooms}");
        if (!(HoleFraction >= 0 && HoleFraction < 1)) throw new ArgumentException($"hole fraction must be in [0, 1), got {HoleFraction}");
    }
}
