using NiceSlam.Core.Frames;

namespace NiceSlam.Node;

/// <summary>What the pipeline does with each accepted frame. Throws ArgumentException/InvalidDataException for a
/// frame it must reject; returns the share of pixels with valid depth.</summary>
public interface IFrameProcessor
{
    double Process(RgbdFrame frame);
}
