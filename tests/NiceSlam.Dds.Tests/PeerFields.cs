using System.Globalization;
using NiceSlam.Messages.GeometryMsgs;
using NiceSlam.Messages.NavMsgs;
using NiceSlam.Messages.NiceSlamMsgs;
using NiceSlam.Messages.SensorMsgs;
using NiceSlam.Messages.StdMsgs;
using NiceSlam.Messages.Tf2Msgs;
using Path = NiceSlam.Messages.NavMsgs.Path;

namespace NiceSlam.Dds.Tests;

/// <summary>
/// The fields the Fast DDS peer prints for each message it decodes (peer.cpp's describe functions, tab-separated,
/// doubles as %.17g and floats as %.9g so they parse back exactly), built here from the node's own records, and
/// the comparison of the two field by field.
/// </summary>
internal static class PeerFields
{
    public static object[] Of(TFMessage m) =>
        ["tf", (long)m.Transforms.Length, .. m.Transforms.SelectMany(t => (object[])[.. Header(t.Header), t.ChildFrameId,
            t.Transform.Translation.X, t.Transform.Translation.Y, t.Transform.Translation.Z,
            t.Transform.Rotation.X, t.Transform.Rotation.Y, t.Transform.Rotation.Z, t.Transform.Rotation.W])];

    public static object[] Of(Odometry m) =>
        ["odometry", .. Header(m.Header), m.ChildFrameId, .. Pose(m.Pose.Pose), Array(m.Pose.Covariance),
            m.Twist.Twist.Linear.X, m.Twist.Twist.Linear.Y, m.Twist.Twist.Linear.Z,
            m.Twist.Twist.Angular.X, m.Twist.Twist.Angular.Y, m.Twist.Twist.Angular.Z, Array(m.Twist.Covariance)];

    public static object[] Of(Path m) =>
        ["path", .. Header(m.Header), (long)m.Poses.Length, .. m.Poses.SelectMany(p => (object[])[.. Header(p.Header), .. Pose(p.Pose)])];

    public static object[] Of(PointCloud2 m) =>
        ["cloud", .. Header(m.Header), (long)m.Height, (long)m.Width,
            string.Join(",", m.Fields.Select(f => $"{f.Name}:{f.Offset}:{f.Datatype}:{f.Count}")),
            m.IsBigEndian ? 1L : 0L, (long)m.PointStep, (long)m.RowStep, (long)m.Data.Length, Fnv1a(m.Data), m.IsDense ? 1L : 0L];

    public static object[] Of(OccupancyGrid m) =>
        ["occupancy", .. Header(m.Header), (long)m.Info.MapLoadTime.Sec, (long)m.Info.MapLoadTime.Nanosec, m.Info.Resolution,
            (long)m.Info.Width, (long)m.Info.Height, .. Pose(m.Info.Origin), (long)m.Data.Length,
            Fnv1a(System.Runtime.InteropServices.MemoryMarshal.AsBytes(m.Data.AsSpan()).ToArray()),
            (long)m.Data.Count(v => v < 0), (long)m.Data.Count(v => v == 0), (long)m.Data.Count(v => v > 0)];

    public static object[] Of(SlamStatus m) =>
        ["status", .. Header(m.Header), (long)m.State, m.FramesReceived, m.FramesTracked, m.FramesDropped, m.FramesRejected,
            (long)m.Keyframes, m.TrackingMs, m.MappingMs, m.TrackingLoss, m.Device, m.InputDiagnosis,
            m.LatencyMedianMs, m.LatencyP95Ms, m.MappingLagS, m.MappingSuperseded, m.OdometryInlierShare, m.OdometryDepthResidualMm];

    /// <summary>Checks a peer line against the expected fields; returns null when equal, else what differs.</summary>
    public static string? Compare(object[] expected, string line)
    {
        var fields = line.Split('\t');
        // The last field may be an empty string (status.input_diagnosis), which Split keeps.
        if (fields.Length != expected.Length)
            return $"{expected[0]}: {fields.Length} fields received, {expected.Length} published: '{line}'";
        for (int i = 0; i < expected.Length; i++)
        {
            string f = fields[i];
            bool same = expected[i] switch
            {
                string s => s == f,
                long l => long.TryParse(f, CultureInfo.InvariantCulture, out long v) && v == l,
                ulong u => ulong.TryParse(f, CultureInfo.InvariantCulture, out ulong v) && v == u,
                double d => double.TryParse(f, CultureInfo.InvariantCulture, out double v) && (v.Equals(d)),
                float x => float.TryParse(f, CultureInfo.InvariantCulture, out float v) && v.Equals(x),
                double[] a => f.Split(',') is var parts && parts.Length == a.Length &&
                              parts.Select((p, k) => double.Parse(p, CultureInfo.InvariantCulture).Equals(a[k])).All(ok => ok),
                _ => throw new ArgumentException($"unexpected field type {expected[i].GetType()}"),
            };
            if (!same)
                return $"{expected[0]} field {i}: received '{f}', published '{Show(expected[i])}'";
        }
        return null;
    }

    private static string Show(object o) => o switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        double[] a => string.Join(",", a.Select(v => v.ToString("R", CultureInfo.InvariantCulture))),
        _ => Convert.ToString(o, CultureInfo.InvariantCulture) ?? "",
    };

    private static object[] Header(Header h) => [(long)h.Stamp.Sec, (long)h.Stamp.Nanosec, h.FrameId];

    private static object[] Pose(Pose p) =>
        [p.Position.X, p.Position.Y, p.Position.Z, p.Orientation.X, p.Orientation.Y, p.Orientation.Z, p.Orientation.W];

    private static double[] Array(double[] values) => values;

    private static string Fnv1a(byte[] data)
    {
        ulong h = 1469598103934665603UL;
        foreach (byte b in data) { h ^= b; h *= 1099511628211UL; }
        return h.ToString("x16", CultureInfo.InvariantCulture);
    }
}
