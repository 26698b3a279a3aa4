using System.Globalization;
using NiceSlam.Core.Geometry;
using NiceSlam.Data.Datasets;
using NiceSlam.Tests;

namespace NiceSlam.Data.Tests.Datasets;

public class TumRgbdDatasetTests
{
    private static string F(double v) => v.ToString("0.000000", CultureInfo.InvariantCulture);

    /// <summary>Three frames at 10.0, 10.1, 10.2 s (depth 3 ms later), an extra unmatched rgb at 11 s, and ground
    /// truth at 100 Hz from 9.9 s to 10.3 s with tx = t - 10.</summary>
    private static DatasetFixture MakeTum(string name = "rgbd_dataset_freiburg1_xyz", bool groundTruth = true)
    {
        var fx = new DatasetFixture(name);
        var rgb = new List<string> { "# color images", "# timestamp filename" };
        var depth = new List<string> { "# depth maps" };
        for (int i = 0; i < 3; i++)
        {
            double t = 10 + 0.1 * i;
            rgb.Add($"{F(t)} rgb/{F(t)}.png");
            depth.Add($"{F(t + 0.003)} depth/{F(t + 0.003)}.png");
            fx.Color($"rgb/{F(t)}.png", 8, 6, (byte)i);
            fx.Depth($"depth/{F(t + 0.003)}.png", 8, 6);
        }
        rgb.Add($"{F(11)} rgb/{F(11)}.png");
        fx.Text("rgb.txt", string.Join("\n", rgb) + "\n");
        fx.Text("depth.txt", string.Join("\n", depth) + "\n");
        if (groundTruth)
        {
            var gt = new List<string> { "# ground truth" };
            for (int k = 0; k <= 40; k++)
            {
                double t = 9.9 + 0.01 * k;
                gt.Add($"{F(t)} {F(t - 10)} 0 0 0 0 0 1");
            }
            fx.Text("groundtruth.txt", string.Join("\n", gt) + "\n");
        }
        return fx;
    }

    private static string SmallCamera => "width: 8\nheight: 6\nfx: 5\nfy: 5\ncx: 4\ncy: 3\n";

    [Fact]
    public void Reads_associated_frames_with_depth_in_metres_and_ground_truth()
    {
        using var fx = MakeTum();
        fx.Text("camera.yaml", SmallCamera);
        var ds = new TumRgbdDataset(fx.Root);
        Assert.Equal("tum:rgbd_dataset_freiburg1_xyz", ds.Name);
        Assert.Equal(3, ds.Count);
        Assert.Equal(new CameraIntrinsics(8, 6, 5, 5, 4, 3), ds.Intrinsics);
        Assert.True(ds.HasGroundTruth);
        Assert.Equal(3, ds.FramesWithGroundTruth);
        var frame = ds.ReadFrame(1);
        Assert.Equal(1, frame.Index);
        Assert.Equal(10.1, frame.Timestamp, 9);
        Assert.Equal(1000 / 5000f, frame.Depth[0], 6);
        Assert.Equal((1000 + 100 * 7 + 10 * 5) / 5000f, frame.Depth[^1], 6);
        Assert.Equal(0.1, frame.GroundTruthPose!.Value.Tx, 6);
        Assert.Equal(GroundTruthMatching.Nearest, ds.GroundTruthMatchingUsed);
        Assert.Equal(8 * 6 * 3, frame.Rgb.Length);
    }

    [Fact]
    public void Freiburg_defaults_come_from_the_folder_name()
    {
        Assert.Equal(new CameraIntrinsics(640, 480, 517.3, 516.5, 318.6, 255.3, [0.2624, -0.9531, -0.0054, 0.0026, 1.1633]),
            TumRgbdDataset.DefaultIntrinsics("rgbd_dataset_freiburg1_rpy"));
        Assert.Equal(520.9, TumRgbdDataset.DefaultIntrinsics("tum_fr2_desk")!.Fx);
        var fr3 = TumRgbdDataset.DefaultIntrinsics("rgbd_dataset_Freiburg3_long_office")!;
        Assert.Equal((535.4, 539.2, 320.1, 247.6), (fr3.Fx, fr3.Fy, fr3.Cx, fr3.Cy));
        Assert.False(fr3.HasDistortion);
        Assert.Null(TumRgbdDataset.DefaultIntrinsics("frames"));
        Assert.Null(TumRgbdDataset.DefaultIntrinsics("fr12"));
        Assert.Null(TumRgbdDataset.DefaultIntrinsics("my_recording"));
    }

    [Fact]
    public void Folder_name_intrinsics_must_match_the_images()
    {
        using var fx = MakeTum();   // 8x6 images, fr1 defaults say 640x480
        var ds = new TumRgbdDataset(fx.Root);
        Assert.Equal(517.3, ds.Intrinsics.Fx);
        var e = Assert.Throws<DatasetException>(() => ds.ReadFrame(0));
        Assert.Contains("640x480", e.Message);
        Assert.Contains("8x6", e.Message);
    }

    [Fact]
    public void A_Freiburg_camera_declares_the_Kinect_rolling_shutter_and_an_unknown_camera_none()
    {
        using (var fx = MakeTum())
            Assert.Equal(Core.Slam.OdometryOptions.KinectReadout, new TumRgbdDataset(fx.Root).RollingShutterReadout);
        using (var fx = MakeTum("my_recording"))
            Assert.Equal(0, new TumRgbdDataset(fx.Root, new TumRgbdOptions { Intrinsics = new CameraIntrinsics(8, 6, 6, 6, 4, 3) }).RollingShutterReadout);
    }

    [Fact]
    public void Explicit_intrinsics_win_and_missing_intrinsics_are_a_clear_error()
    {
        using var fx = MakeTum("my_recording");
        var e = Assert.Throws<DatasetException>(() => new TumRgbdDataset(fx.Root));
        Assert.Contains("no intrinsics", e.Message);
        Assert.Contains("TumRgbdOptions.Intrinsics", e.Message);

        var k = new CameraIntrinsics(8, 6, 6, 6, 4, 3);
        var ds = new TumRgbdDataset(fx.Root, new TumRgbdOptions { Intrinsics = k });
        Assert.Equal(k, ds.Intrinsics);
        Assert.Equal(3, ds.ReadFrame(2).Index + 1);
    }

    [Fact]
    public void Camera_yaml_without_size_takes_the_image_size_and_its_depth_factor()
    {
        using var fx = MakeTum("my_recording");
        fx.Text("cam.yaml", "%YAML:1.0\nCamera.fx: 5.5\nCamera.fy: 5.5\nCamera.cx: 4\nCamera.cy: 3\nDepthMapFactor: 1000.0\n");
        var ds = new TumRgbdDataset(fx.Root);
        Assert.Equal((8, 6, 5.5), (ds.Intrinsics.Width, ds.Intrinsics.Height, ds.Intrinsics.Fx));
        Assert.Equal(1000, ds.DepthScale);
        Assert.Equal(1f, ds.ReadFrame(0).Depth[0], 6);
    }

    [Fact]
    public void Interpolated_ground_truth()
    {
        using var fx = MakeTum();
        fx.Text("camera.yaml", SmallCamera);
        // shift ground truth by 5 ms so frames fall between samples
        string[] lines = File.ReadAllLines(fx.Path("groundtruth.txt"));
        fx.Text("gt_shifted.txt", string.Join("\n", lines.Skip(1).Select(l =>
        {
            var f = l.Split(' ');
            double t = double.Parse(f[0], CultureInfo.InvariantCulture) + 0.005;
            return $"{F(t)} {F(t - 10)} 0 0 0 0 0 1";
        })));
        var ds = new TumRgbdDataset(fx.Root, new TumRgbdOptions { GroundTruthFile = "gt_shifted.txt", GroundTruthMatching = GroundTruthMatching.Interpolated });
        Assert.Equal(0.2, ds.GroundTruth(2)!.Value.Tx, 9);
        var nearest = new TumRgbdDataset(fx.Root, new TumRgbdOptions { GroundTruthFile = "gt_shifted.txt" });
        Assert.Equal(0.005, Math.Abs(nearest.GroundTruth(2)!.Value.Tx - 0.2), 6);
    }

    [Fact]
    public void Unmatchable_stamps_with_equal_counts_are_paired_by_order()
    {
        using var fx = new DatasetFixture("kf");
        fx.Text("camera.yaml", SmallCamera);
        fx.Text("rgb.txt", "0 rgb/0.png\n1 rgb/1.png\n");
        fx.Text("depth.txt", "0 depth/0.png\n1 depth/1.png\n");
        for (int i = 0; i < 2; i++) { fx.Color($"rgb/{i}.png"); fx.Depth($"depth/{i}.png"); }
        fx.Text("truth_cam_poses.txt", "1341841278.8427\t1\t0\t0\t0\t0\t0\t1\t\n1341841279.5107\t2\t0\t0\t0\t0\t0\t1\t\n");
        var ds = new TumRgbdDataset(fx.Root);
        Assert.Equal(GroundTruthMatching.ByOrder, ds.GroundTruthMatchingUsed);
        Assert.Equal(2, ds.ReadFrame(1).GroundTruthPose!.Value.Tx);

        var e = Assert.Throws<DatasetException>(() => new TumRgbdDataset(fx.Root,
            new TumRgbdOptions { GroundTruthMatching = GroundTruthMatching.ByOrder, GroundTruthFile = "extra.txt" }));
        Assert.Contains("not found", e.Message);
        fx.Text("extra.txt", "1 0 0 0 0 0 0 1\n");
        e = Assert.Throws<DatasetException>(() => new TumRgbdDataset(fx.Root,
            new TumRgbdOptions { GroundTruthMatching = GroundTruthMatching.ByOrder, GroundTruthFile = "extra.txt" }));
        Assert.Contains("1 poses, 2 frames", e.Message);
    }

    [Fact]
    public void Missing_image_and_size_mismatch_name_the_files()
    {
        using var fx = MakeTum(groundTruth: false);
        fx.Text("camera.yaml", SmallCamera);
        var ds = new TumRgbdDataset(fx.Root);
        Assert.False(ds.HasGroundTruth);
        Assert.Null(ds.ReadFrame(0).GroundTruthPose);
        string depth1 = fx.Path($"depth/{F(10.103)}.png");
        fx.Depth($"depth/{F(10.103)}.png", 4, 3);
        var e = Assert.Throws<DatasetException>(() => ds.ReadFrame(1));
        Assert.Contains(depth1, e.Message);
        Assert.Contains("4x3", e.Message);
        File.Delete(fx.Path($"rgb/{F(10.2)}.png"));
        e = Assert.Throws<DatasetException>(() => ds.ReadFrame(2));
        Assert.Equal(fx.Path($"rgb/{F(10.2)}.png"), e.Path);
        Assert.Throws<ArgumentOutOfRangeException>(() => ds.ReadFrame(3));
    }

    [Fact]
    public void Bad_list_line_and_no_pairs_are_errors()
    {
        using var fx = MakeTum();
        fx.Text("camera.yaml", SmallCamera);
        fx.Text("depth.txt", "# x\n10.003 depth/a.png\nnot-a-stamp depth/b.png\n");
        var e = Assert.Throws<DatasetException>(() => new TumRgbdDataset(fx.Root));
        Assert.Equal(3, e.Line);
        Assert.EndsWith("depth.txt", e.Path);
        fx.Text("depth.txt", "50 depth/a.png\n");
        e = Assert.Throws<DatasetException>(() => new TumRgbdDataset(fx.Root));
        Assert.Contains("no colour image has a depth image", e.Message);
    }

    [RealDataFact(SharedData.TumFr1Rpy)]
    public void Real_fr1_rpy()
    {
        string folder = SharedData.Path(SharedData.TumFr1Rpy);
        var ds = new TumRgbdDataset(folder);
        Assert.Equal(150, ds.Count);
        // same pairs as the benchmark's associations.txt
        var expected = File.ReadAllLines(Path.Combine(folder, "associations.txt")).Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => l.Split(' ')).ToArray();
        Assert.Equal(expected.Length, ds.Count);
        for (int i = 0; i < ds.Count; i++)
        {
            var (rgb, depth) = ds.Association(i);
            Assert.Equal(expected[i][1], rgb.RelativePath);
            Assert.Equal(expected[i][3], depth.RelativePath);
        }
        Assert.Equal(1305031229.528748, ds.Timestamp(0), 6);
        Assert.Equal(new CameraIntrinsics(640, 480, 517.3, 516.5, 318.6, 255.3, [0.2624, -0.9531, -0.0054, 0.0026, 1.1633]), ds.Intrinsics);
        Assert.True(ds.HasGroundTruth);
        Assert.Equal(150, ds.FramesWithGroundTruth);
        var gt = new GroundTruthMatcher(NiceSlam.Data.Trajectories.TumTrajectoryFile.Read(Path.Combine(folder, "groundtruth.txt")));
        for (int i = 0; i < ds.Count; i++) Assert.True(gt.NearestDifference(ds.Timestamp(i)) <= 0.02);

        foreach (int i in (int[])[0, 149])
        {
            var frame = ds.ReadFrame(i);
            Assert.Equal((640, 480), (frame.Width, frame.Height));
            Assert.NotNull(frame.GroundTruthPose);
            var valid = frame.Depth.Where(d => d > 0).Order().ToArray();
            Assert.True(valid.Length > 640 * 480 / 2, $"frame {i}: only {valid.Length} valid depths");
            float median = valid[valid.Length / 2];
            Assert.InRange(median, 0.5f, 3f);
            Assert.True(valid[^1] < 10f);
        }
    }

    [RealDataFact(SharedData.TumFr3Cabinet)]
    public void Real_fr3_cabinet_keyframes()
    {
        var ds = new TumRgbdDataset(SharedData.Path(SharedData.TumFr3Cabinet));
        Assert.Equal(58, ds.Count);
        Assert.EndsWith("TUM3.yaml", ds.CameraFile);
        Assert.Equal((640, 480, 535.4, 539.2, 320.1, 247.6), (ds.Intrinsics.Width, ds.Intrinsics.Height, ds.Intrinsics.Fx, ds.Intrinsics.Fy, ds.Intrinsics.Cx, ds.Intrinsics.Cy));
        Assert.False(ds.Intrinsics.HasDistortion);
        Assert.Equal(5000, ds.DepthScale);
        Assert.Equal(GroundTruthMatching.ByOrder, ds.GroundTruthMatchingUsed);
        Assert.Equal(58, ds.FramesWithGroundTruth);
        var frame = ds.ReadFrame(0);
        var pose = frame.GroundTruthPose!.Value;
        Assert.Equal((-2.5508, 0.9872, 1.1019), (pose.Tx, pose.Ty, pose.Tz));
        var valid = frame.Depth.Where(d => d > 0).Order().ToArray();
        Assert.InRange(valid[valid.Length / 2], 0.5f, 4f);
        Assert.Equal(57, ds.ReadFrame(57).Index);
    }
}
