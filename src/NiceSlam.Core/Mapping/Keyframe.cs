using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;

namespace NiceSlam.Core.Mapping;

/// <summary>A frame kept for mapping: its tensors and its current pose estimate (refined by bundle adjustment).</summary>
internal sealed class Keyframe(FrameTensors frame, RigidTransform pose) : IDisposable
{
    public FrameTensors Frame { get; } = frame;
    public int FrameIndex => Frame.Index;
    public RigidTransform Pose { get; set; } = pose;

    public void Dispose() => Frame.Dispose();
}
