using NiceSlam.Data.Datasets;
using NiceSlam.Tests;

namespace NiceSlam.Data.Tests.Datasets;

public class SevenScenesDatasetTests
{
    private static DatasetFixture Make(bool intrinsics = true)
    {
        var fx = new DatasetFixture("seq-01");
        for (int i = 0; i < 3; i++)
        {
            fx.Color($"frame-{i:D6}.color.png");
            fx.Depth($"frame-{i:D6}.depth.png", raw: (x, y) => x == 0 ? (ushort)65535 : (ushort)(1000 * (y + 1)));
            fx.Text($"frame-{i:D6}.pose.txt", DatasetFixture.Matrix(1, 0, 0, 0.5 * i, 0, 1, 0, 2, 0, 0, 1, 3, 0, 0, 0, 1));
        }
        if (intrinsics) fx.Text("camera-intrinsics.txt", DatasetFixture.Matrix(5, 0, 4, 0, 6, 3, 0, 0, 1));
        return fx;
    }

    [Fact]
    public void Reads_frames_poses_and_millimetre_depth()
    {
        using var fx = Make();
        var ds = new SevenScenesDataset(fx.Root);
        Assert.Equal(3, ds.Count);
        Assert.Equal((8, 6, 5.0, 6.0, 4.0, 3.0), (ds.Intrinsics.Width, ds.Intrinsics.Height, ds.Intrinsics.Fx, ds.Intrinsics.Fy, ds.Intrinsics.Cx, ds.Intrinsics.Cy));
        Assert.True(ds.HasGroundTruth);
        var f = ds.ReadFrame(2);
        Assert.Equal(2 / 30.0, f.Timestamp, 12);
        Assert.Equal(0f, f.Depth[0]);           // 65535 -> invalid
        Assert.Equal(1f, f.Depth[1], 6);
        Assert.Equal(6f, f.Depth[^1], 6);
        Assert.Equal((1.0, 2.0, 3.0), (f.GroundTruthPose!.Value.Tx, f.GroundTruthPose.Value.Ty, f.GroundTruthPose.Value.Tz));
    }

    [Fact]
    public void Default_intrinsics_and_missing_pose()
    {
        using var fx = Make(intrinsics: false);
        File.Delete(fx.Path("frame-000001.pose.txt"));
        var ds = new SevenScenesDataset(fx.Root);
        Assert.Equal((585.0, 320.0, 240.0), (ds.Intrinsics.Fx, ds.Intrinsics.Cx, ds.Intrinsics.Cy));
        Assert.Null(ds.ReadFrame(1).GroundTruthPose);
        Assert.NotNull(ds.ReadFrame(0).GroundTruthPose);
    }

    [Fact]
    public void Colour_intrinsics_default_to_the_depth_camera_with_the_kinect_colour_focal()
    {
        using var fx = Make();
        var ds = new SevenScenesDataset(fx.Root);
        const double ratio = 525.0 / 585.0;
        Assert.Equal(ratio, SevenScenesDataset.KinectColorFocalRatio, 15);
        var c = ds.ColorIntrinsics;
        Assert.Equal((8, 6, 4.0, 3.0), (c.Width, c.Height, c.Cx, c.Cy));
        Assert.Equal(5 * ratio, c.Fx, 12);
        Assert.Equal(6 * ratio, c.Fy, 12);
        Assert.False(c.HasDistortion);
        Assert.Equal((5.0, 6.0), (ds.Intrinsics.Fx, ds.Intrinsics.Fy));   // the depth camera's, as before

        using var defaults = Make(intrinsics: false);
        c = new SevenScenesDataset(defaults.Root).ColorIntrinsics;
        Assert.Equal((525.0, 525.0, 320.0, 240.0), (Math.Round(c.Fx, 9), Math.Round(c.Fy, 9), c.Cx, c.Cy));
    }

    [Fact]
    public void Frames_carry_the_colour_registered_to_the_depth_camera()
    {
        using var fx = Make();
        var ds = new SevenScenesDataset(fx.Root);
        var f = ds.ReadFrame(1);
        Assert.Equal(ds.Intrinsics, f.Intrinsics);
        // The fixture's colour is linear in its pixel (R = 200, G = 10 y, B = 10 x), so bilinear resampling reads back
        // 10 x the colour pixel that each depth pixel's ray meets: x_c = 525/585 (x - 4) + 4, y_c = 525/585 (y - 3) + 3.
        const double ratio = 525.0 / 585.0;
        for (int y = 0; y < 6; y++)
            for (int x = 0; x < 8; x++)
            {
                int i = 3 * (y * 8 + x);
                Assert.Equal(200, f.Rgb[i]);
                Assert.InRange(f.Rgb[i + 1], 10 * (ratio * (y - 3) + 3) - 1, 10 * (ratio * (y - 3) + 3) + 1);
                Assert.InRange(f.Rgb[i + 2], 10 * (ratio * (x - 4) + 4) - 1, 10 * (ratio * (x - 4) + 4) + 1);
            }
        // The colour camera's wider view is magnified about the principal point: the first and last columns read
        // colour columns 0.41 and 6.69 (B = 4 and 67 instead of 0 and 70), the centre column stays.
        Assert.Equal([4, 40, 67], new[] { 0, 4, 7 }.Select(x => (int)f.Rgb[3 * (3 * 8 + x) + 2]));
    }

    [Fact]
    public void A_colour_intrinsics_file_overrides_the_kinect_default()
    {
        using var fx = Make();
        // Equal to the depth camera's: colour already registered, read as it is.
        fx.Text("camera-intrinsics-color.txt", DatasetFixture.Matrix(5, 0, 4, 0, 6, 3, 0, 0, 1));
        var ds = new SevenScenesDataset(fx.Root);
        Assert.Equal(ds.Intrinsics, ds.ColorIntrinsics);
        var rgb = ds.ReadFrame(0).Rgb;
        Assert.Equal(Enumerable.Range(0, 8).Select(x => (byte)(10 * x)), Enumerable.Range(0, 8).Select(x => rgb[3 * (2 * 8 + x) + 2]));

        // Half the depth camera's focal lengths: depth pixel x reads colour pixel (x - 4) / 2 + 4, exactly.
        fx.Text("camera-intrinsics-color.txt", DatasetFixture.Matrix(2.5, 0, 4, 0, 3, 3, 0, 0, 1));
        ds = new SevenScenesDataset(fx.Root);
        var c = ds.ColorIntrinsics;
        Assert.Equal((8, 6, 2.5, 3.0, 4.0, 3.0), (c.Width, c.Height, c.Fx, c.Fy, c.Cx, c.Cy));
        rgb = ds.ReadFrame(0).Rgb;
        Assert.Equal([20, 25, 30, 35, 40, 45, 50, 55], Enumerable.Range(0, 8).Select(x => (int)rgb[3 * (3 * 8 + x) + 2]));
        Assert.Equal([15, 20, 25, 30, 35, 40], Enumerable.Range(0, 6).Select(y => (int)rgb[3 * (y * 8 + 4) + 1]));

        fx.Text("camera-intrinsics-color.txt", "5 0 4\n0 6 3\n");
        var e = Assert.Throws<DatasetException>(() => new SevenScenesDataset(fx.Root));
        Assert.EndsWith("camera-intrinsics-color.txt", e.Path);
        Assert.Contains("expected 9 numbers, found 6", e.Message);
        fx.Text("camera-intrinsics-color.txt", DatasetFixture.Matrix(-5, 0, 4, 0, 6, 3, 0, 0, 1));
        e = Assert.Throws<DatasetException>(() => new SevenScenesDataset(fx.Root));
        Assert.EndsWith("camera-intrinsics-color.txt", e.Path);
    }

    [Fact]
    public void Bad_files_are_named()
    {
        using var fx = Make();
        fx.Text("frame-000001.pose.txt", "1 0 0 0\n0 1 0 0\n0 0 x 0\n0 0 0 1\n");
        fx.Text("frame-000002.pose.txt", DatasetFixture.Matrix(2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1));
        var ds = new SevenScenesDataset(fx.Root);
        var e = Assert.Throws<DatasetException>(() => ds.ReadFrame(1));
        Assert.Equal(3, e.Line);
        Assert.EndsWith("frame-000001.pose.txt", e.Path);
        e = Assert.Throws<DatasetException>(() => ds.ReadFrame(2));
        Assert.Contains("not a rigid", e.Message);
        File.Delete(fx.Path("frame-000000.depth.png"));
        e = Assert.Throws<DatasetException>(() => ds.ReadFrame(0));
        Assert.EndsWith("frame-000000.depth.png", e.Path);

        fx.Text("camera-intrinsics.txt", "5 0 4\n0 6 3\n");
        e = Assert.Throws<DatasetException>(() => new SevenScenesDataset(fx.Root));
        Assert.Contains("expected 9 numbers, found 6", e.Message);
    }

    [RealDataFact(SharedData.SevenScenes)]
    public void Real_seven_scenes()
    {
        string folder = SharedData.Path(SharedData.SevenScenes);
        var ds = new SevenScenesDataset(folder);
        Assert.Equal(300, ds.Count);
        Assert.Equal((640, 480, 585.0, 585.0, 320.0, 240.0), (ds.Intrinsics.Width, ds.Intrinsics.Height, ds.Intrinsics.Fx, ds.Intrinsics.Fy, ds.Intrinsics.Cx, ds.Intrinsics.Cy));
        var c = ds.ColorIntrinsics;
        Assert.Equal((640, 480, 525.0, 525.0, 320.0, 240.0), (c.Width, c.Height, Math.Round(c.Fx, 9), Math.Round(c.Fy, 9), c.Cx, c.Cy));
        var f = ds.ReadFrame(0);
        var p = f.GroundTruthPose!.Value;
        Assert.Equal(-3.404563400000000239e-01, p.Tx, 12);
        Assert.Equal(1.646981800000000065e-02, p.Ty, 12);
        Assert.Equal(2.965691699999999931e-01, p.Tz, 12);
        Assert.Equal(9.093128999999999795e-01, p.R(0, 0), 3);   // the file's rotation is orthonormal to ~1e-4 only; FromMatrix re-orthonormalises
        var valid = f.Depth.Where(d => d > 0).Order().ToArray();
        Assert.InRange(valid[valid.Length / 2], 0.4f, 4f);
        Assert.Equal(299, ds.FrameNumber(299));
        Assert.Equal(299 / 30.0, ds.ReadFrame(299).Timestamp, 9);
    }
}
