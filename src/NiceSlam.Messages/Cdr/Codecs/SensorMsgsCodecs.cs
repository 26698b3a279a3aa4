using NiceSlam.Messages.SensorMsgs;

namespace NiceSlam.Messages.Cdr.Codecs;

/// <summary>sensor_msgs: Image, CompressedImage, CameraInfo, RegionOfInterest, PointField, PointCloud2.</summary>
internal static class SensorMsgsCodecs
{
    public static void WriteRegionOfInterest(CdrWriter w, RegionOfInterest roi)
    {
        w.WriteUInt32(roi.XOffset);
        w.WriteUInt32(roi.YOffset);
        w.WriteUInt32(roi.Height);
        w.WriteUInt32(roi.Width);
        w.WriteBool(roi.DoRectify);
    }

    public static RegionOfInterest ReadRegionOfInterest(ref CdrReader r) => new(
        r.ReadUInt32("RegionOfInterest.x_offset"), r.ReadUInt32("RegionOfInterest.y_offset"),
        r.ReadUInt32("RegionOfInterest.height"), r.ReadUInt32("RegionOfInterest.width"),
        r.ReadBool("RegionOfInterest.do_rectify"));

    public static void WritePointField(CdrWriter w, PointField f)
    {
        w.WriteString(f.Name, "PointField.name");
        w.WriteUInt32(f.Offset);
        w.WriteUInt8(f.Datatype);
        w.WriteUInt32(f.Count);
    }

    public static PointField ReadPointField(ref CdrReader r) => new(
        r.ReadString("PointField.name"), r.ReadUInt32("PointField.offset"), r.ReadUInt8("PointField.datatype"),
        r.ReadUInt32("PointField.count"));

    public static void WriteImage(CdrWriter w, Image m)
    {
        StdMsgsCodecs.WriteHeader(w, m.Header);
        w.WriteUInt32(m.Height);
        w.WriteUInt32(m.Width);
        w.WriteString(m.Encoding, "Image.encoding");
        w.WriteUInt8(m.IsBigEndian);
        w.WriteUInt32(m.Step);
        w.WriteUInt8Sequence(m.Data);
    }

    public static Image ReadImage(ref CdrReader r) => new()
    {
        Header = StdMsgsCodecs.ReadHeader(ref r),
        Height = r.ReadUInt32("Image.height"),
        Width = r.ReadUInt32("Image.width"),
        Encoding = r.ReadString("Image.encoding"),
        IsBigEndian = r.ReadUInt8("Image.is_bigendian"),
        Step = r.ReadUInt32("Image.step"),
        Data = r.ReadUInt8Sequence("Image.data"),
    };

    public static void WriteCompressedImage(CdrWriter w, CompressedImage m)
    {
        StdMsgsCodecs.WriteHeader(w, m.Header);
        w.WriteString(m.Format, "CompressedImage.format");
        w.WriteUInt8Sequence(m.Data);
    }

    public static CompressedImage ReadCompressedImage(ref CdrReader r) => new()
    {
        Header = StdMsgsCodecs.ReadHeader(ref r),
        Format = r.ReadString("CompressedImage.format"),
        Data = r.ReadUInt8Sequence("CompressedImage.data"),
    };

    public static void WriteCameraInfo(CdrWriter w, CameraInfo m)
    {
        StdMsgsCodecs.WriteHeader(w, m.Header);
        w.WriteUInt32(m.Height);
        w.WriteUInt32(m.Width);
        w.WriteString(m.DistortionModel, "CameraInfo.distortion_model");
        w.WriteFloat64Sequence(m.D);
        w.WriteFloat64Array(m.K, 9, "CameraInfo.k");
        w.WriteFloat64Array(m.R, 9, "CameraInfo.r");
        w.WriteFloat64Array(m.P, 12, "CameraInfo.p");
        w.WriteUInt32(m.BinningX);
        w.WriteUInt32(m.BinningY);
        WriteRegionOfInterest(w, m.Roi);
    }

    public static CameraInfo ReadCameraInfo(ref CdrReader r) => new()
    {
        Header = StdMsgsCodecs.ReadHeader(ref r),
        Height = r.ReadUInt32("CameraInfo.height"),
        Width = r.ReadUInt32("CameraInfo.width"),
        DistortionModel = r.ReadString("CameraInfo.distortion_model"),
        D = r.ReadFloat64Sequence("CameraInfo.d"),
        K = r.ReadFloat64Array(9, "CameraInfo.k"),
        R = r.ReadFloat64Array(9, "CameraInfo.r"),
        P = r.ReadFloat64Array(12, "CameraInfo.p"),
        BinningX = r.ReadUInt32("CameraInfo.binning_x"),
        BinningY = r.ReadUInt32("CameraInfo.binning_y"),
        Roi = ReadRegionOfInterest(ref r),
    };

    public static void WritePointCloud2(CdrWriter w, PointCloud2 m)
    {
        StdMsgsCodecs.WriteHeader(w, m.Header);
        w.WriteUInt32(m.Height);
        w.WriteUInt32(m.Width);
        w.WriteSequenceLength(m.Fields.Length);
        foreach (var f in m.Fields) WritePointField(w, f);
        w.WriteBool(m.IsBigEndian);
        w.WriteUInt32(m.PointStep);
        w.WriteUInt32(m.RowStep);
        w.WriteUInt8Sequence(m.Data);
        w.WriteBool(m.IsDense);
    }

    public static PointCloud2 ReadPointCloud2(ref CdrReader r)
    {
        var header = StdMsgsCodecs.ReadHeader(ref r);
        uint height = r.ReadUInt32("PointCloud2.height");
        uint width = r.ReadUInt32("PointCloud2.width");
        // A PointField is at least 4 (name length) + 1 (NUL) + 4 + 1 + 4 bytes before padding.
        var fields = new PointField[r.ReadSequenceLength(14, "PointCloud2.fields")];
        for (int i = 0; i < fields.Length; i++) fields[i] = ReadPointField(ref r);
        return new PointCloud2
        {
            Header = header,
            Height = height,
            Width = width,
            Fields = fields,
            IsBigEndian = r.ReadBool("PointCloud2.is_bigendian"),
            PointStep = r.ReadUInt32("PointCloud2.point_step"),
            RowStep = r.ReadUInt32("PointCloud2.row_step"),
            Data = r.ReadUInt8Sequence("PointCloud2.data"),
            IsDense = r.ReadBool("PointCloud2.is_dense"),
        };
    }

    public static IEnumerable<CdrCodec> All() =>
    [
        new CdrCodec<RegionOfInterest>(RegionOfInterest.TypeName, WriteRegionOfInterest, ReadRegionOfInterest),
        new CdrCodec<PointField>(PointField.TypeName, WritePointField, ReadPointField),
        new CdrCodec<Image>(Image.TypeName, WriteImage, ReadImage),
        new CdrCodec<CompressedImage>(CompressedImage.TypeName, WriteCompressedImage, ReadCompressedImage),
        new CdrCodec<CameraInfo>(CameraInfo.TypeName, WriteCameraInfo, ReadCameraInfo),
        new CdrCodec<PointCloud2>(PointCloud2.TypeName, WritePointCloud2, ReadPointCloud2),
    ];
}
