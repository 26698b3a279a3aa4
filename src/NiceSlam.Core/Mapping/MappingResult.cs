namespace NiceSlam.Core.Mapping;

/// <summary>What one mapping call did: iterations, the last loss per pixel of each stage (NaN: stage not run),
/// time, the window's frame indices and whether the window's poses were bundle-adjusted; or, when libtorch failed
/// inside the call, why (<see cref="FailureReason"/>) and whether the map went back to its state before the call.</summary>
public sealed record MappingResult(int FrameIndex, int Iterations, double MiddleLoss, double FineLoss, double ColorLoss, double CoarseLoss,
    double Milliseconds, IReadOnlyList<int> WindowFrames, bool BundleAdjusted)
{
    /// <summary>Null for a call that completed; otherwise libtorch's error (its first line): the frame was not mapped.</summary>
    public string? FailureReason { get; init; }
    /// <summary>For a failed call: the map's values (grids and colour decoder) were restored to the last published
    /// snapshot, the map as it was before the call. False when none matched it (the map's first call, or a call that
    /// grew the map first): the map then keeps the whole optimiser steps the call took before it failed.</summary>
    public bool RolledBack { get; init; }
    public bool Failed => FailureReason is not null;

    public double MillisecondsPerIteration => Iterations == 0 ? 0 : Milliseconds / Iterations;
}
