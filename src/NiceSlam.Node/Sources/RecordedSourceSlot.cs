namespace NiceSlam.Node.Sources;

/// <summary>The recording the node replays, or none (live topics). Disposes it with the host.</summary>
public sealed class RecordedSourceSlot(IRecordedSource? source) : IDisposable
{
    public IRecordedSource? Source { get; } = source;

    public void Dispose() => Source?.Dispose();
}
