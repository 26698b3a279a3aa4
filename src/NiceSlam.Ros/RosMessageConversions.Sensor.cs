using NiceSlam.Messages.SensorMsgs;

namespace NiceSlam.Ros;

public static partial class RosMessageConversions
{
    /// <summary>sensor_msgs/Image: <c>uint8 is_bigendian</c> becomes the generated property <c>IsBigendian</c>
    /// (byte); <c>uint8[] data</c> travels in <see cref="RosBulkImage.Bytes"/> (one block copy to the native message,
    /// instead of the generated List&lt;byte&gt; copied one byte per native call). The record's array is shared, not
    /// copied: publishing only reads it.</summary>
    public static RosBulkImage ToRos(Image m) => new()
    {
        Header = ToRos(m.Header),
        Height = m.Height,
        Width = m.Width,
        Encoding = m.Encoding ?? "",
        IsBigendian = m.IsBigEndian,
        Step = m.Step,
        Bytes = m.Data ?? [],
    };

    /// <summary>From a received <see cref="RosBulkImage"/> (its bytes array is taken over, not copied) or any
    /// generated sensor_msgs/Image (its List&lt;byte&gt; copied).</summary>
    public static Image FromRos(global::sensor_msgs.msg.Image m) => new()
    {
        Header = FromRos(m.Header),
        Height = m.Height,
        Width = m.Width,
        Encoding = m.Encoding ?? "",
        IsBigEndian = m.IsBigendian,
        Step = m.Step,
        Data = m is RosBulkImage bulk ? bulk.Bytes : m.Data.ToArray(),
    };

    public static RosBulkCompressedImage ToRos(CompressedImage m) =>
        new() { Header = ToRos(m.Header), Format = m.Format ?? "", Bytes = m.Data ?? [] };

    public static CompressedImage FromRos(global::sensor_msgs.msg.CompressedImage m) => new()
    {
        Header = FromRos(m.Header),
        Format = m.Format ?? "",
        Data = m is RosBulkCompressedImage bulk ? bulk.Bytes : m.Data.ToArray(),
    };

    public static global::sensor_msgs.msg.RegionOfInterest ToRos(RegionOfInterest r) => new()
    {
        XOffset = r.XOffset, YOffset = r.YOffset, Height = r.Height, Width = r.Width, DoRectify = r.DoRectify,
    };

    public static RegionOfInterest FromRos(global::sensor_msgs.msg.RegionOfInterest r) =>
        new(r.XOffset, r.YOffset, r.Height, r.Width, r.DoRectify);

    /// <summary>sensor_msgs/CameraInfo: <c>d</c> is a sequence, <c>k</c>/<c>r</c> float64[9] and <c>p</c> float64[12].</summary>
    public static global::sensor_msgs.msg.CameraInfo ToRos(CameraInfo m) => new()
    {
        Header = ToRos(m.Header),
        Height = m.Height,
        Width = m.Width,
        DistortionModel = m.DistortionModel ?? "",
        D = Sequence(m.D),
        K = FixedArray(m.K, 9, "CameraInfo.K"),
        R = FixedArray(m.R, 9, "CameraInfo.R"),
        P = FixedArray(m.P, 12, "CameraInfo.P"),
        BinningX = m.BinningX,
        BinningY = m.BinningY,
        Roi = ToRos(m.Roi),
    };

    public static CameraInfo FromRos(global::sensor_msgs.msg.CameraInfo m) => new()
    {
        Header = FromRos(m.Header),
        Height = m.Height,
        Width = m.Width,
        DistortionModel = m.DistortionModel ?? "",
        D = m.D.ToArray(),
        K = (double[])m.K.Clone(),
        R = (double[])m.R.Clone(),
        P = (double[])m.P.Clone(),
        BinningX = m.BinningX,
        BinningY = m.BinningY,
        Roi = FromRos(m.Roi),
    };

    public static global::sensor_msgs.msg.PointField ToRos(PointField f) =>
        new() { Name = f.Name ?? "", Offset = f.Offset, Datatype = f.Datatype, Count = f.Count };

    public static PointField FromRos(global::sensor_msgs.msg.PointField f) => new(f.Name ?? "", f.Offset, f.Datatype, f.Count);

    /// <summary>sensor_msgs/PointCloud2: here <c>is_bigendian</c> is a bool (unlike Image's uint8); <c>data</c>
    /// travels in <see cref="RosBulkPointCloud2.Bytes"/>.</summary>
    public static RosBulkPointCloud2 ToRos(PointCloud2 m) => new()
    {
        Header = ToRos(m.Header),
        Height = m.Height,
        Width = m.Width,
        Fields = m.Fields.Select(ToRos).ToList(),
        IsBigendian = m.IsBigEndian,
        PointStep = m.PointStep,
        RowStep = m.RowStep,
        Bytes = m.Data ?? [],
        IsDense = m.IsDense,
    };

    public static PointCloud2 FromRos(global::sensor_msgs.msg.PointCloud2 m) => new()
    {
        Header = FromRos(m.Header),
        Height = m.Height,
        Width = m.Width,
        Fields = m.Fields.Select(FromRos).ToArray(),
        IsBigEndian = m.IsBigendian,
        PointStep = m.PointStep,
        RowStep = m.RowStep,
        Data = m is RosBulkPointCloud2 bulk ? bulk.Bytes : m.Data.ToArray(),
        IsDense = m.IsDense,
    };
}
