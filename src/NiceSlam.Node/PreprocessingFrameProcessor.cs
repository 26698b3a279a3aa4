using Microsoft.Extensions.Options;
using NiceSlam.Core.Frames;
using NiceSlam.Data.Datasets;
using NiceSlam.Data.Preprocessing;

namespace NiceSlam.Node;

/// <summary>
/// Today's frame processor: preprocesses each frame as the method will consume it (undistort, resize to
/// Width x Height, crop) and rejects frames without any valid depth. The engine's tracker replaces this stage
/// when it lands (issue #4); the input stage, queue and status stay.
/// </summary>
public sealed class PreprocessingFrameProcessor : IFrameProcessor, IDisposable
{
    private readonly NodeOptions options;
    private FramePreprocessor? preprocessor;

    public PreprocessingFrameProcessor(IOptions<NodeOptions> options) => this.options = options.Value;

    public double Process(RgbdFrame frame)
    {
        if (preprocessor is null || preprocessor.Input != frame.Intrinsics)
        {
            preprocessor?.Dispose();
            preprocessor = new FramePreprocessor(frame.Intrinsics, new PreprocessOptions
            {
                ResizeTo = options.Width > 0 ? (options.Width, options.Height) : null,
                CropEdge = options.CropEdge,
            });
        }
        RgbdFrame processed;
        try
        {
            processed = preprocessor.Process(frame);
        }
        catch (DatasetException e)
        {
            throw new InvalidDataException(e.Message, e);
        }
        int valid = processed.ValidDepthCount();
        if (valid == 0) throw new InvalidDataException($"frame {frame.Index} has no valid depth");
        return (double)valid / processed.Depth.Length;
    }

    public void Dispose() => preprocessor?.Dispose();
}
