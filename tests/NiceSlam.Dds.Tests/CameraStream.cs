using System.Globalization;
using NiceSlam.Data.Synthetic;
using NiceSlam.Messages.SensorMsgs;
using NiceSlam.Messages.StdMsgs;

namespace NiceSlam.Dds.Tests;

/// <summary>One camera frame as a RealSense driver publishes it: rgb8 colour, 16UC1 depth (millimetres), CameraInfo.</summary>
internal sealed record CameraFrame(Image Colour, Image Depth, CameraInfo Info);

/// <summary>
/// A synthetic camera stream, both as the node's message records (for the loopback bus) and as files the Fast
/// DDS peer reads (stream.txt with the calibration and stamps, raw .rgb / .depth images), so that the two runs get
/// the same messages field for field.
/// </summary>
internal static class CameraStream
{
    public const string FrameId = "camera_color_optical_frame";

    public static IReadOnlyList<CameraFrame> Create(int width, int height, int count)
    {
        var sequence = new SyntheticSequence(new SyntheticSequenceOptions { Width = width, Height = height, FrameCount = count });
        var k = sequence.Intrinsics;
        var frames = new List<CameraFrame>();
        for (int i = 0; i < count; i++)
        {
            var f = sequence.ReadFrame(i);
            var header = new Header(Time.FromSeconds(1000 + f.Timestamp), FrameId);
            var depth = new byte[f.Depth.Length * 2];
            for (int p = 0; p < f.Depth.Length; p++)
            {
                ushort mm = (ushort)Math.Clamp(Math.Round(f.Depth[p] * 1000), 0, ushort.MaxValue);
                depth[2 * p] = (byte)mm;
                depth[2 * p + 1] = (byte)(mm >> 8);
            }
            frames.Add(new CameraFrame(
                new Image { Header = header, Width = (uint)width, Height = (uint)height, Encoding = "rgb8", Step = (uint)width * 3, Data = (byte[])f.Rgb.Clone() },
                new Image { Header = header, Width = (uint)width, Height = (uint)height, Encoding = "16UC1", Step = (uint)width * 2, Data = depth },
                new CameraInfo
                {
                    Header = header, Width = (uint)width, Height = (uint)height, DistortionModel = "plumb_bob",
                    D = [0, 0, 0, 0, 0],
                    K = [k.Fx, 0, k.Cx, 0, k.Fy, k.Cy, 0, 0, 1],
                    R = [1, 0, 0, 0, 1, 0, 0, 0, 1],
                    P = [k.Fx, 0, k.Cx, 0, 0, k.Fy, k.Cy, 0, 0, 0, 1, 0],
                }));
        }
        return frames;
    }

    /// <summary>Writes stream.txt and the raw images into <paramref name="directory"/>; returns stream.txt's path.</summary>
    public static string Write(IReadOnlyList<CameraFrame> frames, string directory)
    {
        Directory.CreateDirectory(directory);
        var c = CultureInfo.InvariantCulture;
        var info = frames[0].Info;
        string R(IEnumerable<double> v) => string.Join(" ", v.Select(x => x.ToString("R", c)));
        var lines = new List<string>
        {
            $"size {info.Width} {info.Height}", $"frame_id {FrameId}", $"model {info.DistortionModel}",
            $"k {R(info.K)}", $"r {R(info.R)}", $"p {R(info.P)}", $"d {info.D.Length} {R(info.D)}",
        };
        for (int i = 0; i < frames.Count; i++)
        {
            string stem = Path.Combine(directory, $"frame{i:D3}");
            File.WriteAllBytes(stem + ".rgb", frames[i].Colour.Data);
            File.WriteAllBytes(stem + ".depth", frames[i].Depth.Data);
            var t = frames[i].Colour.Header.Stamp;
            lines.Add($"frame {stem} {t.Sec} {t.Nanosec}");
        }
        string path = Path.Combine(directory, "stream.txt");
        File.WriteAllLines(path, lines);
        return path;
    }
}
