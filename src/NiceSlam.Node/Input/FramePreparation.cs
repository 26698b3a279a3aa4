using NiceSlam.Core.Frames;
using NiceSlam.Data.Datasets;
using NiceSlam.Data.Preprocessing;
using NiceSlam.Messages.StdMsgs;

namespace NiceSlam.Node.Input;

/// <summary>
/// The last input step before the engine: attaches the ground-truth pose (when the ground-truth topic has one for
/// the frame's stamp) and resizes/crops the frame to the processing size (intrinsics follow). The resizer is built
/// for the first camera's intrinsics and rebuilt if they change (the engine then rejects the frame with the reason).
/// </summary>
public sealed class FramePreparation(NodeOptions options, GroundTruthTable groundTruth) : IDisposable
{
    private readonly object gate = new();
    private FramePreprocessor? preprocessor;

    /// <summary>True once frames are being undistorted (the camera has distortion coefficients).</summary>
    public bool Undistorts { get; private set; }

    public RgbdFrame Prepare(RgbdFrame frame)
    {
        var truth = groundTruth.Lookup(Time.FromSeconds(frame.Timestamp).TotalNanoseconds);
        if (truth is not null) frame = frame.WithGroundTruth(truth);
        if (options.Width == 0 && options.CropEdge == 0 && !frame.Intrinsics.HasDistortion) return frame;
        lock (gate)
        {
            if (preprocessor is null || !preprocessor.Input.Equals(frame.Intrinsics))
            {
                preprocessor?.Dispose();
                preprocessor = new FramePreprocessor(frame.Intrinsics, new PreprocessOptions
                {
                    ResizeTo = options.Width > 0
                        ? (options.Width, options.Height > 0 ? options.Height : (int)Math.Round((double)options.Width * frame.Height / frame.Width))
                        : null,
                    CropEdge = options.CropEdge,
                });
                Undistorts = preprocessor.Undistorts;
            }
            try
            {
                return preprocessor.Process(frame);
            }
            catch (DatasetException e)
            {
                throw new InputRejectedException(InputRejection.Size, e.Message);
            }
        }
    }

    public void Dispose()
    {
        lock (gate) preprocessor?.Dispose();
    }
}
