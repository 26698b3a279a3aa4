namespace NiceSlam.Node.Input;

/// <summary>Why the input stage refused a message or a frame: the categories the node counts and reports.</summary>
public enum InputRejection
{
    /// <summary>An image encoding the node cannot read (or a colour encoding on the depth topic, and so on).</summary>
    Encoding,

    /// <summary>Image dimensions, row step or data length that do not fit together, or colour and depth of different sizes.</summary>
    Size,

    /// <summary>A depth image that cannot be used (for example: no valid pixel at all).</summary>
    Depth,

    /// <summary>No CameraInfo yet, or one that is invalid or does not match the images.</summary>
    CameraInfo,

    /// <summary>A stamp that goes backwards on its stream, or a frame not after the previous accepted one.</summary>
    Stamp,

    /// <summary>A message the time synchronizer discarded without pairing it.</summary>
    Sync,

    /// <summary>Anything else (a failing preprocess hook, a closed queue, …).</summary>
    Other,
}
