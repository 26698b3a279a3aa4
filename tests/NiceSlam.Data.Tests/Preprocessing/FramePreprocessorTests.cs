using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Data.Datasets;
using NiceSlam.Data.Preprocessing;
using OpenCvSharp;

namespace NiceSlam.Data.Tests.Preprocessing;

public class FramePreprocessorTests
{
    private static RgbdFrame Frame(CameraIntrinsics k, Func<int, int, float>? depth = null, Func<int, int, byte>? grey = null)
    {
        var rgb = new byte[k.Width * k.Height * 3];
        var d = new float[k.Width * k.Height];
        for (int y = 0; y < k.Height; y++)
            for (int x = 0; x < k.Width; x++)
            {
                int i = y * k.Width + x;
                d[i] = depth?.Invoke(x, y) ?? 1 + 0.01f * x;
                byte g = grey?.Invoke(x, y) ?? (byte)(x + y);
                rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = g;
            }
        return new RgbdFrame(4, 1.5, rgb, d, k, RigidTransform.FromAxisAngle(0, 1, 0, 0.3, 1, 2, 3));
    }

    [Fact]
    public void Resize_halves_focal_lengths_and_principal_point()
    {
        var k = new CameraIntrinsics(8, 6, 10, 12, 4, 3);
        using var p = new FramePreprocessor(k, new PreprocessOptions { ResizeTo = (4, 3) });
        Assert.Equal(new CameraIntrinsics(4, 3, 5, 6, 2, 1.5), p.Output);
        var depthValues = new float[] { 1, 2, 3, 4 };
        var frame = Frame(k, (x, y) => depthValues[(x + y) % 4]);
        var result = p.Process(frame);
        Assert.Equal((4, 3), (result.Width, result.Height));
        Assert.Equal(36, result.Rgb.Length);
        Assert.All(result.Depth, d => Assert.Contains(d, depthValues));   // nearest: no blended depths
        Assert.Equal(frame.GroundTruthPose, result.GroundTruthPose);
        Assert.Equal((4, 1.5), (result.Index, result.Timestamp));
    }

    [Fact]
    public void Crop_shifts_the_principal_point()
    {
        var k = new CameraIntrinsics(8, 6, 10, 10, 4, 3);
        using var p = new FramePreprocessor(k, new PreprocessOptions { CropEdge = 1 });
        Assert.Equal(new CameraIntrinsics(6, 4, 10, 10, 3, 2), p.Output);
        var result = p.Process(Frame(k, (x, y) => 10 * y + x));
        Assert.Equal(11f, result.Depth[0]);            // old pixel (1, 1)
        Assert.Equal(46f, result.Depth[^1]);           // old pixel (6, 4)
        Assert.Equal((byte)2, result.Rgb[0]);
    }

    [Fact]
    public void Resize_then_crop_compose_intrinsics()
    {
        var k = new CameraIntrinsics(640, 480, 500, 500, 320, 240);
        using var p = new FramePreprocessor(k, new PreprocessOptions { ResizeTo = (320, 240), CropEdge = 10 });
        Assert.Equal(new CameraIntrinsics(300, 220, 250, 250, 150, 110), p.Output);
    }

    [Fact]
    public void Invalid_depth_becomes_zero_and_sizes_are_checked()
    {
        var k = new CameraIntrinsics(4, 1, 10, 10, 2, 0.5);
        float[] values = [float.NaN, -1, float.PositiveInfinity, 2.5f];
        using var p = new FramePreprocessor(k);
        var result = p.Process(Frame(k, (x, _) => values[x]));
        Assert.Equal([0f, 0f, 0f, 2.5f], result.Depth);
        Assert.False(p.Undistorts);

        var other = Frame(new CameraIntrinsics(2, 2, 10, 10, 1, 1));
        var e = Assert.Throws<DatasetException>(() => p.Process(other));
        Assert.Contains("size mismatch", e.Message);
        Assert.Contains("2x2", e.Message);
        Assert.Contains("4x1", e.Message);
    }

    [Fact]
    public void FrameAlreadyAtTheTargetSizeIsPassedThroughWithoutCopies()
    {
        var k = new CameraIntrinsics(4, 1, 10, 10, 2, 0.5);
        using var p = new FramePreprocessor(k, new PreprocessOptions { ResizeTo = (4, 1) });
        var frame = Frame(k, (x, _) => 1 + x);
        var result = p.Process(frame);
        Assert.Same(frame.Rgb, result.Rgb);
        Assert.Same(frame.Depth, result.Depth);
        Assert.Equal(p.Output, result.Intrinsics);
        Assert.Equal(frame.GroundTruthPose, result.GroundTruthPose);
    }

    [Fact]
    public void InvalidDepthIsZeroedInACopyLeavingTheInputFrameAsItWas()
    {
        var k = new CameraIntrinsics(3, 1, 10, 10, 1.5, 0.5);
        float[] values = [float.NegativeInfinity, 1.25f, float.NaN];
        using var p = new FramePreprocessor(k);
        var frame = Frame(k, (x, _) => values[x]);
        var result = p.Process(frame);
        Assert.Equal([0f, 1.25f, 0f], result.Depth);
        Assert.True(float.IsNegativeInfinity(frame.Depth[0]) && float.IsNaN(frame.Depth[2]));
    }

    private static readonly CameraIntrinsics Distorted = new(160, 120, 100, 100, 80, 60, [-0.25, 0.08, 0.002, -0.0015, -0.01]);

    [Fact]
    public void Undistortion_moves_distorted_points_back_to_their_pinhole_positions()
    {
        var k = Distorted;
        var ideal = new List<(double U, double V)>();
        foreach (double u in (double[])[25, 52.3, 80, 107.7, 135])
            foreach (double v in (double[])[20, 40.6, 60, 79.4, 100])
                ideal.Add((u, v));
        // Where OpenCV's distortion model puts each ideal point in the raw image.
        var objectPoints = ideal.Select(p => new Point3f((float)((p.U - k.Cx) / k.Fx), (float)((p.V - k.Cy) / k.Fy), 1f)).ToArray();
        double[,] cameraMatrix = { { k.Fx, 0, k.Cx }, { 0, k.Fy, k.Cy }, { 0, 0, 1 } };
        Cv2.ProjectPoints(objectPoints, [0, 0, 0], [0, 0, 0], cameraMatrix, [.. k.Distortion], out Point2f[] distorted, out _);

        // Gaussian blobs at the distorted positions.
        const double sigma = 1.2;
        var grey = new double[k.Width * k.Height];
        foreach (var c in distorted)
            for (int y = (int)c.Y - 6; y <= (int)c.Y + 6; y++)
                for (int x = (int)c.X - 6; x <= (int)c.X + 6; x++)
                    grey[y * k.Width + x] += 250 * Math.Exp(-((x - c.X) * (x - c.X) + (y - c.Y) * (y - c.Y)) / (2 * sigma * sigma));
        var frame = Frame(k, grey: (x, y) => (byte)Math.Round(Math.Min(255, grey[y * k.Width + x])));

        using var p = new FramePreprocessor(k);
        Assert.True(p.Undistorts);
        Assert.Equal(k.WithoutDistortion(), p.Output);
        var result = p.Process(frame);
        foreach (var (u, v) in ideal)
        {
            double sum = 0, su = 0, sv = 0;
            for (int y = (int)Math.Round(v) - 5; y <= (int)Math.Round(v) + 5; y++)
                for (int x = (int)Math.Round(u) - 5; x <= (int)Math.Round(u) + 5; x++)
                {
                    double w = result.Rgb[3 * (y * k.Width + x)];
                    sum += w; su += w * x; sv += w * y;
                }
            Assert.True(sum > 500, $"no blob near ({u}, {v})");
            Assert.InRange(su / sum - u, -0.5, 0.5);
            Assert.InRange(sv / sum - v, -0.5, 0.5);
        }
    }

    [Fact]
    public void Undistorted_depth_only_holds_input_values()
    {
        var k = Distorted;
        var random = new Random(7);
        var input = Enumerable.Range(0, k.Width * k.Height).Select(_ => 0.5f + (float)random.NextDouble() * 3).ToArray();
        var frame = Frame(k, (x, y) => input[y * k.Width + x]);
        using var p = new FramePreprocessor(k);
        var result = p.Process(frame);
        var present = input.ToHashSet();
        Assert.All(result.Depth, d => Assert.True(d == 0 || present.Contains(d), $"depth {d} is not an input value"));
        Assert.True(result.Depth.Count(d => d > 0) > k.Width * k.Height / 2);
        Assert.Equal(input[60 * k.Width + 80], result.Depth[60 * k.Width + 80]);   // the principal point does not move
    }

    [Fact]
    public void Undistort_can_be_turned_off()
    {
        using var p = new FramePreprocessor(Distorted, new PreprocessOptions { Undistort = false, ResizeTo = (80, 60) });
        Assert.False(p.Undistorts);
        Assert.True(p.Output.HasDistortion);
        Assert.Equal(50, p.Output.Fx);
    }
}
