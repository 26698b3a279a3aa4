using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;

namespace NiceSlam.Data.Datasets;

/// <summary>A finite, random-access RGB-D sequence (a dataset folder or the synthetic generator).
/// Frames are read on demand; <see cref="ReadFrame"/> returns the raw frame (dataset resolution, depth already
/// in metres, distortion still in the image as <see cref="Intrinsics"/> states); preprocessing is separate.</summary>
public interface IRgbdDataset
{
    /// <summary>Short human-readable name, e.g. "tum:rgbd_dataset_freiburg1_rpy".</summary>
    string Name { get; }

    int Count { get; }

    /// <summary>Intrinsics of the raw frames.</summary>
    CameraIntrinsics Intrinsics { get; }

    /// <summary>The camera's rolling-shutter readout time, seconds, when the dataset knows its camera and its ground
    /// truth is external to the images (0: a global shutter, an unknown camera, or poses that were themselves tracked
    /// without a rolling-shutter model). A run uses it unless told otherwise
    /// (<see cref="Core.Slam.OdometryOptions.RollingShutterReadout"/>).</summary>
    double RollingShutterReadout => 0;

    /// <summary>True when frames carry ground-truth poses.</summary>
    bool HasGroundTruth { get; }

    /// <summary>Reads frame <paramref name="index"/> (0..Count-1). Throws <see cref="DatasetException"/> naming the
    /// file on unreadable or inconsistent input.</summary>
    RgbdFrame ReadFrame(int index);
}
