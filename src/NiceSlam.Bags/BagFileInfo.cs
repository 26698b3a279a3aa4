namespace NiceSlam.Bags;

/// <summary>One storage file of a bag as metadata.yaml lists it (the <c>files</c> entries).</summary>
public sealed record BagFileInfo(string Path, long StartingTimeNs, long DurationNs, long MessageCount);
