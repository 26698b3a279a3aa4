using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Messages.SensorMsgs;

namespace NiceSlam.Node.Input;

/// <summary>
/// Builds an <see cref="RgbdFrame"/> from a synchronized colour image, a depth image registered to it (same
/// size, pixel-aligned, e.g. RealSense aligned_depth_to_color) and the camera's latest CameraInfo. The frame's
/// timestamp is the colour stamp. Every problem is an <see cref="InputRejectedException"/>. Not thread-safe
/// (the input stage calls it from one set at a time).
/// </summary>
/// <param name="cameraInfoTopic">The CameraInfo topic, named in the message when none has arrived yet.</param>
public sealed class RgbdFrameAssembler(string cameraInfoTopic)
{
    private CameraInfo? cachedInfo;
    private CameraIntrinsics? cachedIntrinsics;

    /// <summary>The topic named in "no CameraInfo" rejections.</summary>
    public string CameraInfoTopic { get; } = cameraInfoTopic;

    /// <param name="index">The frame's position in the sequence.</param>
    /// <param name="scale16">Metres per unit of 16-bit depth.</param>
    public RgbdFrame Assemble(int index, Image colour, Image depth, CameraInfo? info, double scale16)
    {
        ArgumentNullException.ThrowIfNull(colour);
        ArgumentNullException.ThrowIfNull(depth);
        if (colour.Width != depth.Width || colour.Height != depth.Height)
            throw new InputRejectedException(InputRejection.Size,
                $"colour is {colour.Width}x{colour.Height} but depth is {depth.Width}x{depth.Height}; expected depth registered to colour (same size)");
        if (info is null)
            throw new InputRejectedException(InputRejection.CameraInfo, $"no CameraInfo received yet on {CameraInfoTopic}");
        if (info.Width != colour.Width || info.Height != colour.Height)
            throw new InputRejectedException(InputRejection.CameraInfo,
                $"CameraInfo is for {info.Width}x{info.Height} images but colour and depth are {colour.Width}x{colour.Height}");

        var intrinsics = IntrinsicsOf(info);
        var rgb = ImageDecoding.ToRgb(colour);
        var metres = ImageDecoding.ToDepthMetres(depth, scale16);
        if (metres.AsSpan().IndexOfAnyExcept(0f) < 0)
            throw new InputRejectedException(InputRejection.Depth,
                $"depth image ({depth.Encoding}, {depth.Width}x{depth.Height}) has no valid pixel; expected some finite depth > 0");
        return new RgbdFrame(index, colour.Header.Stamp.ToSeconds(), rgb, metres, intrinsics);
    }

    /// <summary>Converts once per CameraInfo message (drivers repeat the same calibration with every image).</summary>
    private CameraIntrinsics IntrinsicsOf(CameraInfo info)
    {
        if (!ReferenceEquals(info, cachedInfo))
        {
            cachedIntrinsics = null;
            cachedInfo = info;
            cachedIntrinsics = CameraInfoConversion.ToIntrinsics(info);
        }
        return cachedIntrinsics ?? CameraInfoConversion.ToIntrinsics(info);
    }
}
