using NiceSlam.Data.Datasets;

namespace NiceSlam.Data.Tests.Datasets;

public class FolderDatasetTests
{
    private static DatasetFixture Make(string[] stems, string camera = "fx: 5\nfy: 5\ncx: 4\ncy: 3\n")
    {
        var fx = new DatasetFixture("realsense");
        fx.Text("camera.yaml", camera);
        foreach (string s in stems)
        {
            fx.Color($"rgb/{s}.png");
            fx.Depth($"depth/{s}.png", raw: (_, _) => 1234);
        }
        return fx;
    }

    [Fact]
    public void Stamp_stems_give_seconds_and_ground_truth_is_matched()
    {
        using var fx = Make(["100.50", "100.00", "100.25"]);
        fx.Text("groundtruth.txt", "# t tx ty tz qx qy qz qw\n100.001 1 0 0 0 0 0 1\n100.26 2 0 0 0 0 0 1\n");
        var ds = new FolderDataset(fx.Root);
        Assert.Equal(3, ds.Count);
        Assert.Equal((8, 6), (ds.Intrinsics.Width, ds.Intrinsics.Height));
        Assert.Equal(["100.00", "100.25", "100.50"], Enumerable.Range(0, 3).Select(ds.Stem));
        var f = ds.ReadFrame(1);
        Assert.Equal(100.25, f.Timestamp);
        Assert.Equal(1.234f, f.Depth[0], 6);   // default 1000 units a metre
        Assert.Equal(2, f.GroundTruthPose!.Value.Tx);
        Assert.Equal(1, ds.ReadFrame(0).GroundTruthPose!.Value.Tx);
        Assert.Null(ds.ReadFrame(2).GroundTruthPose);
        Assert.True(ds.HasGroundTruth);
    }

    [Fact]
    public void Frame_number_stems_use_fps_and_yaml_depth_scale()
    {
        using var fx = Make(["000002", "000000", "000001"], "fx: 5\nfy: 5\ncx: 4\ncy: 3\nfps: 15\ndepth_scale: 5000\n");
        var ds = new FolderDataset(fx.Root);
        Assert.False(ds.HasGroundTruth);
        var f = ds.ReadFrame(2);
        Assert.Equal("000002", ds.Stem(2));
        Assert.Equal(2 / 15.0, f.Timestamp, 12);
        Assert.Equal(1234 / 5000f, f.Depth[0], 6);
    }

    [Fact]
    public void Unpaired_stems_and_missing_camera_are_errors()
    {
        using var fx = Make(["a", "b"]);
        fx.Color("rgb/c.jpg");
        var e = Assert.Throws<DatasetException>(() => new FolderDataset(fx.Root));
        Assert.Contains("no depth image depth/c.png", e.Message);
        File.Delete(fx.Path("rgb/c.jpg"));
        fx.Depth("depth/d.png");
        e = Assert.Throws<DatasetException>(() => new FolderDataset(fx.Root));
        Assert.EndsWith("d.png", e.Path);
        File.Delete(fx.Path("depth/d.png"));
        fx.Gray8("depth/b.png");
        var ds = new FolderDataset(fx.Root);
        e = Assert.Throws<DatasetException>(() => ds.ReadFrame(1));
        Assert.Contains("not a 16-bit single-channel depth image", e.Message);
        File.Delete(fx.Path("camera.yaml"));
        e = Assert.Throws<DatasetException>(() => new FolderDataset(fx.Root));
        Assert.EndsWith("camera.yaml", e.Path);
    }
}
