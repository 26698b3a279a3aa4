using NiceSlam.Core.Frames;

namespace NiceSlam.Node.Workers;

/// <summary>
/// Sees every frame the <see cref="TrackingWorker"/> takes from the input queue, on the tracking worker's thread,
/// just before it is tracked (e.g. an offline run keeps the ground truth and a preview). Must return quickly and
/// must not keep the frame's arrays beyond what it needs.
/// </summary>
public interface IFrameObserver
{
    void OnFrame(RgbdFrame frame);
}

/// <summary>An observer that does nothing (a service slot whose feature is off).</summary>
internal sealed class NoFrameObserver : IFrameObserver
{
    public static NoFrameObserver Instance { get; } = new();

    public void OnFrame(RgbdFrame frame) { }
}
