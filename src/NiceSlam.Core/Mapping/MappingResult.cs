namespace NiceSlam.Core.Mapping;

/// <summary>What one mapping call did: iterations, the last loss per pixel of each stage (NaN: stage not run),
/// time, the window's frame indices and whether the window's poses were bundle-adjusted.</summary>
public sealed record MappingResult(int FrameIndex, int Iterations, double MiddleLoss, double FineLoss, double ColorLoss, double CoarseLoss,
    double Milliseconds, IReadOnlyList<int> WindowFrames, bool BundleAdjusted)
{
    public double MillisecondsPerIteration => Iterations == 0 ? 0 : Milliseconds / Iterations;
}
