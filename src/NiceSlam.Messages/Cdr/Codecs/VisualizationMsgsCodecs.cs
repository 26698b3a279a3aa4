using NiceSlam.Messages.GeometryMsgs;
using NiceSlam.Messages.StdMsgs;
using NiceSlam.Messages.VisualizationMsgs;

namespace NiceSlam.Messages.Cdr.Codecs;

/// <summary>visualization_msgs: Marker in the ROS 2 Humble layout. Our <see cref="Marker"/> has no texture or
/// mesh-file fields: texture_resource, texture (sensor_msgs/CompressedImage), uv_coordinates (UVCoordinate[]) and
/// mesh_file (MeshFile) are written empty and skipped on read.</summary>
internal static class VisualizationMsgsCodecs
{
    public static void WriteMarker(CdrWriter w, Marker m)
    {
        StdMsgsCodecs.WriteHeader(w, m.Header);
        w.WriteString(m.Ns, "Marker.ns");
        w.WriteInt32(m.Id);
        w.WriteInt32(m.Type);
        w.WriteInt32(m.Action);
        GeometryMsgsCodecs.WritePose(w, m.Pose);
        GeometryMsgsCodecs.WriteVector3(w, m.Scale);
        StdMsgsCodecs.WriteColor(w, m.Color);
        BuiltinInterfacesCodecs.WriteDuration(w, m.Lifetime);
        w.WriteBool(m.FrameLocked);
        w.WriteSequenceLength(m.Points.Length);
        foreach (var p in m.Points) GeometryMsgsCodecs.WritePoint(w, p);
        w.WriteSequenceLength(m.Colors.Length);
        foreach (var c in m.Colors) StdMsgsCodecs.WriteColor(w, c);
        w.WriteString("", "Marker.texture_resource");
        SensorMsgsCodecs.WriteCompressedImage(w, new SensorMsgs.CompressedImage());
        w.WriteSequenceLength(0); // uv_coordinates
        w.WriteString(m.Text, "Marker.text");
        w.WriteString(m.MeshResource, "Marker.mesh_resource");
        w.WriteString("", "MeshFile.filename");
        w.WriteUInt8Sequence([]); // mesh_file.data
        w.WriteBool(m.MeshUseEmbeddedMaterials);
    }

    public static Marker ReadMarker(ref CdrReader r)
    {
        var header = StdMsgsCodecs.ReadHeader(ref r);
        var ns = r.ReadString("Marker.ns");
        int id = r.ReadInt32("Marker.id");
        int type = r.ReadInt32("Marker.type");
        int action = r.ReadInt32("Marker.action");
        var pose = GeometryMsgsCodecs.ReadPose(ref r);
        var scale = GeometryMsgsCodecs.ReadVector3(ref r);
        var color = StdMsgsCodecs.ReadColor(ref r);
        var lifetime = BuiltinInterfacesCodecs.ReadDuration(ref r);
        bool frameLocked = r.ReadBool("Marker.frame_locked");
        var points = new Point[r.ReadSequenceLength(24, "Marker.points")];
        for (int i = 0; i < points.Length; i++) points[i] = GeometryMsgsCodecs.ReadPoint(ref r);
        var colors = new ColorRGBA[r.ReadSequenceLength(16, "Marker.colors")];
        for (int i = 0; i < colors.Length; i++) colors[i] = StdMsgsCodecs.ReadColor(ref r);
        r.ReadString("Marker.texture_resource");
        SensorMsgsCodecs.ReadCompressedImage(ref r); // texture
        int uvCount = r.ReadSequenceLength(8, "Marker.uv_coordinates");
        for (int i = 0; i < uvCount; i++)
        {
            r.ReadFloat32("UVCoordinate.u");
            r.ReadFloat32("UVCoordinate.v");
        }
        var text = r.ReadString("Marker.text");
        var meshResource = r.ReadString("Marker.mesh_resource");
        r.ReadString("MeshFile.filename");
        r.ReadUInt8Sequence("MeshFile.data");
        bool embedded = r.ReadBool("Marker.mesh_use_embedded_materials");
        return new Marker
        {
            Header = header, Ns = ns, Id = id, Type = type, Action = action, Pose = pose, Scale = scale, Color = color,
            Lifetime = lifetime, FrameLocked = frameLocked, Points = points, Colors = colors, Text = text,
            MeshResource = meshResource, MeshUseEmbeddedMaterials = embedded,
        };
    }

    public static IEnumerable<CdrCodec> All() =>
    [
        new CdrCodec<Marker>(Marker.TypeName, WriteMarker, ReadMarker),
    ];
}
