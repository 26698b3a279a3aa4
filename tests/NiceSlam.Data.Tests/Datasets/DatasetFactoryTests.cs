using NiceSlam.Data.Datasets;

namespace NiceSlam.Data.Tests.Datasets;

public class DatasetFactoryTests
{
    [Fact]
    public void Detects_each_layout()
    {
        using var fx = new DatasetFixture("root");
        fx.Text("tum/rgb.txt", "");
        fx.Text("tum/depth.txt", "");
        fx.Color("7s/frame-000000.color.png");
        fx.Text("replica/traj.txt", "");
        Directory.CreateDirectory(fx.Path("replica/results"));
        foreach (string d in (string[])["color", "depth", "intrinsic"]) Directory.CreateDirectory(fx.Path("scannet/" + d));
        fx.Text("own/camera.yaml", "");
        Directory.CreateDirectory(fx.Path("own/rgb"));
        Directory.CreateDirectory(fx.Path("own/depth"));
        Assert.Equal(DatasetKind.Tum, DatasetFactory.Detect(fx.Path("tum")));
        Assert.Equal(DatasetKind.SevenScenes, DatasetFactory.Detect(fx.Path("7s")));
        Assert.Equal(DatasetKind.Replica, DatasetFactory.Detect(fx.Path("replica")));
        Assert.Equal(DatasetKind.ScanNet, DatasetFactory.Detect(fx.Path("scannet")));
        Assert.Equal(DatasetKind.Folder, DatasetFactory.Detect(fx.Path("own")));
    }

    [Fact]
    public void Opens_the_detected_reader()
    {
        using var fx = new DatasetFixture("own");
        fx.Text("camera.yaml", "fx: 5\nfy: 5\ncx: 4\ncy: 3\n");
        fx.Color("rgb/0.png");
        fx.Depth("depth/0.png");
        var ds = DatasetFactory.Open(fx.Root);
        Assert.IsType<FolderDataset>(ds);
        Assert.Equal(1, ds.Count);
        Assert.Throws<DatasetException>(() => DatasetFactory.Open(fx.Root, DatasetKind.Tum));
    }

    [Fact]
    public void Nothing_detected_lists_what_was_looked_for()
    {
        using var fx = new DatasetFixture("empty");
        var e = Assert.Throws<DatasetException>(() => DatasetFactory.Open(fx.Root));
        Assert.Equal(fx.Root, e.Path);
        foreach (string wanted in (string[])["rgb.txt", "frame-NNNNNN.color", "traj.txt", "intrinsic/", "camera.yaml"])
            Assert.Contains(wanted, e.Message);
        e = Assert.Throws<DatasetException>(() => DatasetFactory.Open(fx.Path("missing")));
        Assert.Contains("not found", e.Message);
    }
}
