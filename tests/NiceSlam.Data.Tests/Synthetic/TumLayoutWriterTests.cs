using NiceSlam.Data.Synthetic;
using NiceSlam.Data.Trajectories;
using OpenCvSharp;

namespace NiceSlam.Data.Tests.Synthetic;

public sealed class TumLayoutWriterTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "niceslam-synthetic-tum-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void Synthetic_sequence_is_written_in_tum_layout_with_16_bit_depth()
    {
        var sequence = new SyntheticSequence(new SyntheticSequenceOptions { Width = 64, Height = 48, FrameCount = 3, HoleFraction = 0.05, DepthNoiseStd = 0.005 });
        int written = TumLayoutWriter.Write(sequence, folder);

        Assert.Equal(3, written);
        Assert.Equal(3, Directory.GetFiles(Path.Combine(folder, "rgb"), "*.png").Length);
        Assert.Equal(3, Directory.GetFiles(Path.Combine(folder, "depth"), "*.png").Length);
        string[] rgbLines = File.ReadAllLines(Path.Combine(folder, "rgb.txt"));
        Assert.Equal(3, rgbLines.Count(l => l.StartsWith('#')));
        Assert.Equal(["0.000000 rgb/0.000000.png", "0.033333 rgb/0.033333.png", "0.066667 rgb/0.066667.png"], rgbLines.Where(l => !l.StartsWith('#')));
        string[] depthLines = File.ReadAllLines(Path.Combine(folder, "depth.txt"));
        Assert.Equal("# depth maps", depthLines[0]);
        Assert.Contains("0.033333 depth/0.033333.png", depthLines);

        var frame = sequence.ReadFrame(1);
        using (var depth = Cv2.ImRead(Path.Combine(folder, "depth", "0.033333.png"), ImreadModes.Unchanged))
        {
            Assert.Equal(MatType.CV_16UC1, depth.Type());
            Assert.Equal(48, depth.Rows);
            Assert.Equal(64, depth.Cols);
            depth.GetArray(out ushort[] units);
            int zeros = 0;
            for (int p = 0; p < units.Length; p++)
            {
                Assert.Equal((ushort)Math.Round(frame.Depth[p] * 5000.0, MidpointRounding.AwayFromZero), units[p]);
                if (units[p] == 0) zeros++;
            }
            Assert.True(zeros > 0, "the holes are written as 0");
        }
        using (var bgr = Cv2.ImRead(Path.Combine(folder, "rgb", "0.033333.png"), ImreadModes.Color))
        {
            Assert.Equal(MatType.CV_8UC3, bgr.Type());
            bgr.GetArray(out Vec3b[] pixels);
            for (int p = 0; p < pixels.Length; p++)
            {
                Assert.Equal(frame.Rgb[3 * p], pixels[p].Item2);     // R
                Assert.Equal(frame.Rgb[3 * p + 1], pixels[p].Item1); // G
                Assert.Equal(frame.Rgb[3 * p + 2], pixels[p].Item0); // B
            }
        }

        var groundTruth = TumTrajectoryFile.Read(Path.Combine(folder, "groundtruth.txt"));
        Assert.Equal(3, groundTruth.Count);
        Assert.Equal(0.066667, groundTruth[2].Timestamp, 9);
        var expected = sequence.PoseOf(2).ToMatrix();
        var actual = groundTruth[2].Pose.ToMatrix();
        for (int i = 0; i < 16; i++) Assert.Equal(expected[i], actual[i], 7);

        string yaml = File.ReadAllText(Path.Combine(folder, "camera.yaml"));
        Assert.Contains("width: 64", yaml);
        Assert.Contains("height: 48", yaml);
        Assert.Contains("distortion: []", yaml);
        Assert.Contains("depth_scale: 5000", yaml);
        Assert.Contains($"fx: {sequence.Intrinsics.Fx.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}", yaml);
        Assert.Contains("cx: 31.5", yaml);
    }

    [Fact]
    public void Synthetic_depth_units_round_clamp_and_keep_invalid_at_zero()
    {
        Assert.Equal(5000, TumLayoutWriter.ToDepthUnits(1f));
        Assert.Equal(6173, TumLayoutWriter.ToDepthUnits(1.2346f));
        Assert.Equal(65535, TumLayoutWriter.ToDepthUnits(20f));
        Assert.Equal(0, TumLayoutWriter.ToDepthUnits(0f));
        Assert.Equal(0, TumLayoutWriter.ToDepthUnits(float.NaN));
        Assert.Equal(0, TumLayoutWriter.ToDepthUnits(-1f));
    }

    [Fact]
    public void Synthetic_writer_honours_max_frames()
    {
        var sequence = new SyntheticSequence(new SyntheticSequenceOptions { Width = 32, Height = 24, FrameCount = 5 });
        Assert.Equal(2, TumLayoutWriter.Write(sequence, folder, maxFrames: 2));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(folder, "depth")).Length);
        Assert.Equal(2, TumTrajectoryFile.Read(Path.Combine(folder, "groundtruth.txt")).Count);
    }
}
