namespace NiceSlam.Bags;

/// <summary>One recorded message: its topic, the time it was logged (nanoseconds) and its serialized bytes.</summary>
public sealed record BagMessage(string Topic, long LogTimeNs, byte[] Data);
