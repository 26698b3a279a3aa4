using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Data.Datasets;

namespace NiceSlam.Data.Preprocessing;

/// <summary>A dataset whose frames come out through a <see cref="FramePreprocessor"/> (undistorted, resized,
/// cropped; intrinsics to match), e.g. to write a bag at the processing size that replays without resizing.</summary>
public sealed class PreprocessedDataset : IRgbdDataset, IDisposable
{
    private readonly IRgbdDataset inner;
    private readonly FramePreprocessor preprocessor;

    public PreprocessedDataset(IRgbdDataset inner, PreprocessOptions options)
    {
        ArgumentNullException.ThrowIfNull(inner);
        this.inner = inner;
        preprocessor = new FramePreprocessor(inner.Intrinsics, options);
    }

    public string Name => inner.Name;

    public int Count => inner.Count;

    public CameraIntrinsics Intrinsics => preprocessor.Output;

    public bool HasGroundTruth => inner.HasGroundTruth;

    public RgbdFrame ReadFrame(int index) => preprocessor.Process(inner.ReadFrame(index));

    public void Dispose()
    {
        preprocessor.Dispose();
        (inner as IDisposable)?.Dispose();
    }
}
