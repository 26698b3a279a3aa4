using NiceSlam.Data.Datasets;

namespace NiceSlam.Data.Tests.Datasets;

/// <summary>
/// Valid but unusual inputs: sequences that do not start at frame 0 (an excerpt, frames 300-...) and have gaps.
/// Every layout is detected from the files present and read with each frame's own number, time and pose.
/// </summary>
public class UnusualSequenceTests
{
    private static readonly int[] Numbers = [300, 301, 305];

    private static string Pose(double tx) => DatasetFixture.Matrix(1, 0, 0, tx, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1);

    [Fact]
    public void SevenScenesExcerptWithGapsIsDetectedAndRead()
    {
        using var fx = new DatasetFixture("seq-02");
        foreach (int n in Numbers)
        {
            fx.Color($"frame-{n:D6}.color.png");
            fx.Depth($"frame-{n:D6}.depth.png");
            fx.Text($"frame-{n:D6}.pose.txt", Pose(n / 100.0));
        }
        Assert.Equal(DatasetKind.SevenScenes, DatasetFactory.Detect(fx.Root));
        var ds = (SevenScenesDataset)DatasetFactory.Open(fx.Root);
        Assert.Equal(3, ds.Count);
        Assert.Equal(Numbers, Enumerable.Range(0, 3).Select(ds.FrameNumber));
        var last = ds.ReadFrame(2);
        Assert.Equal(305 / 30.0, last.Timestamp, 12);          // the gap keeps its time
        Assert.Equal(3.05, last.GroundTruthPose!.Value.Tx, 12);
    }

    [Fact]
    public void SevenScenesFrameNumbersOutOfRangeAreNamed()
    {
        using var fx = new DatasetFixture("seq-03");
        fx.Color("frame-000000.color.png");
        fx.Color("frame-99999999999.color.png");
        var e = Assert.Throws<DatasetException>(() => new SevenScenesDataset(fx.Root));
        Assert.EndsWith("frame-99999999999.color.png", e.Path);
        Assert.Contains("out of range", e.Message);
    }

    [Fact]
    public void ReplicaExcerptTakesThePosesOfItsFrameNumbers()
    {
        using var fx = new DatasetFixture("office0");
        foreach (int n in Numbers)
        {
            fx.Color($"results/frame{n:D6}.jpg");
            fx.Depth($"results/depth{n:D6}.png");
        }
        fx.Text("cam.yaml", "fx: 6\nfy: 6\ncx: 3.5\ncy: 2.5\n");
        // The whole sequence's trajectory: line N is frame N.
        fx.Text("traj.txt", string.Concat(Enumerable.Range(0, 400).Select(n => $"1 0 0 {n} 0 1 0 0 0 0 1 0 0 0 0 1\n")));
        var ds = new ReplicaDataset(fx.Root, "cam.yaml");
        Assert.Equal([300.0, 301, 305], Enumerable.Range(0, 3).Select(i => ds.ReadFrame(i).GroundTruthPose!.Value.Tx));
        Assert.Equal(305 / 30.0, ds.ReadFrame(2).Timestamp, 12);

        // The excerpt's own trajectory, one line per frame present: read in frame order.
        fx.Text("traj.txt", "1 0 0 7 0 1 0 0 0 0 1 0 0 0 0 1\n1 0 0 8 0 1 0 0 0 0 1 0 0 0 0 1\n1 0 0 9 0 1 0 0 0 0 1 0 0 0 0 1\n");
        ds = new ReplicaDataset(fx.Root, "cam.yaml");
        Assert.Equal([7.0, 8, 9], Enumerable.Range(0, 3).Select(i => ds.ReadFrame(i).GroundTruthPose!.Value.Tx));

        // Neither: named, with what was expected.
        fx.Text("traj.txt", "1 0 0 7 0 1 0 0 0 0 1 0 0 0 0 1\n");
        var e = Assert.Throws<DatasetException>(() => new ReplicaDataset(fx.Root, "cam.yaml"));
        Assert.EndsWith("traj.txt", e.Path);
        Assert.Contains("frames 300-305", e.Message);
    }

    [Fact]
    public void ScanNetExcerptWithGapsReadsByNumber()
    {
        using var fx = new DatasetFixture("scene0001_00");
        foreach (int n in Numbers)
        {
            fx.Color($"color/{n}.jpg", 16, 12);
            fx.Depth($"depth/{n}.png", 8, 6);
            fx.Text($"pose/{n}.txt", Pose(n));
        }
        fx.Text("intrinsic/intrinsic_color.txt", DatasetFixture.Matrix(14, 0, 7.5, 0, 0, 12, 5.5, 0, 0, 0, 1, 0, 0, 0, 0, 1));
        var ds = DatasetFactory.Open(fx.Root);
        Assert.IsType<ScanNetDataset>(ds);
        Assert.Equal([300.0, 301, 305], Enumerable.Range(0, 3).Select(i => ds.ReadFrame(i).GroundTruthPose!.Value.Tx));
        Assert.Equal(305 / 30.0, ds.ReadFrame(2).Timestamp, 12);
    }

    [Fact]
    public void FolderFrameNumbersSortNumericallyAndKeepTheirTimes()
    {
        using var fx = new DatasetFixture("own");
        fx.Text("camera.yaml", "fx: 5\nfy: 5\ncx: 4\ncy: 3\nfps: 10\n");
        foreach (string stem in (string[])["9", "10", "12"])
        {
            fx.Color($"rgb/{stem}.png");
            fx.Depth($"depth/{stem}.png");
        }
        fx.Text("groundtruth.txt", "0.9 1 0 0 0 0 0 1\n1.0 2 0 0 0 0 0 1\n1.2 3 0 0 0 0 0 1\n");
        var ds = new FolderDataset(fx.Root);
        Assert.Equal(["9", "10", "12"], Enumerable.Range(0, 3).Select(ds.Stem));    // not "10", "12", "9"
        Assert.Equal([0.9, 1.0, 1.2], Enumerable.Range(0, 3).Select(i => Math.Round(ds.ReadFrame(i).Timestamp, 9)));
        Assert.Equal([1.0, 2, 3], Enumerable.Range(0, 3).Select(i => ds.ReadFrame(i).GroundTruthPose!.Value.Tx));

        fx.Color("rgb/0012.png");
        fx.Depth("depth/0012.png");
        var e = Assert.Throws<DatasetException>(() => new FolderDataset(fx.Root));
        Assert.Contains("frame number 12 appears twice", e.Message);
    }

    [Fact]
    public void TumKeyframeExcerptTakesPosesByIndex()
    {
        using var fx = new DatasetFixture("kf-excerpt");
        fx.Text("camera.yaml", "width: 8\nheight: 6\nfx: 5\nfy: 5\ncx: 4\ncy: 3\n");
        fx.Text("rgb.txt", string.Concat(Numbers.Select(n => $"{n} rgb/{n}.png\n")));
        fx.Text("depth.txt", string.Concat(Numbers.Select(n => $"{n} depth/{n}.png\n")));
        foreach (int n in Numbers) { fx.Color($"rgb/{n}.png"); fx.Depth($"depth/{n}.png"); }
        // The pose file of the whole extract keeps the original times: none matches an index stamp.
        fx.Text("groundtruth.txt", string.Concat(Enumerable.Range(0, 400).Select(i => $"{1341841278 + i * 0.5:F4} {i} 0 0 0 0 0 1\n")));
        var ds = new TumRgbdDataset(fx.Root);
        Assert.Equal(GroundTruthMatching.ByIndex, ds.GroundTruthMatchingUsed);
        Assert.Equal([300.0, 301, 305], Enumerable.Range(0, 3).Select(i => ds.ReadFrame(i).GroundTruthPose!.Value.Tx));

        var e = Assert.Throws<DatasetException>(() => new TumRgbdDataset(fx.Root, new TumRgbdOptions { GroundTruthMatching = GroundTruthMatching.ByIndex, GroundTruthFile = "short.txt" }));
        Assert.Contains("not found", e.Message);
        fx.Text("short.txt", "1 0 0 0 0 0 0 1\n");
        e = Assert.Throws<DatasetException>(() => new TumRgbdDataset(fx.Root, new TumRgbdOptions { GroundTruthMatching = GroundTruthMatching.ByIndex, GroundTruthFile = "short.txt" }));
        Assert.Contains("below the 1 poses", e.Message);
    }
}
