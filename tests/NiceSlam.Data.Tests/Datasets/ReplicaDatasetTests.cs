using NiceSlam.Data.Datasets;

namespace NiceSlam.Data.Tests.Datasets;

public class ReplicaDatasetTests
{
    private static string PoseLine(double tx) => $"1 0 0 {tx} 0 0 -1 2 0 1 0 3 0 0 0 1";

    private static DatasetFixture Make(int poses = 2)
    {
        var fx = new DatasetFixture("room0");
        for (int i = 0; i < 2; i++)
        {
            fx.Color($"results/frame{i:D6}.jpg");
            fx.Depth($"results/depth{i:D6}.png", raw: (_, _) => 13107);
        }
        fx.Text("traj.txt", string.Join("\n", Enumerable.Range(0, poses).Select(i => PoseLine(i))) + "\n");
        fx.Text("cam.yaml", "fx: 6\nfy: 6\ncx: 3.5\ncy: 2.5\n");
        return fx;
    }

    [Fact]
    public void Reads_poses_without_axis_flip()
    {
        using var fx = Make();
        var ds = new ReplicaDataset(fx.Root, "cam.yaml");
        Assert.Equal(2, ds.Count);
        Assert.Equal((8, 6, 6.0), (ds.Intrinsics.Width, ds.Intrinsics.Height, ds.Intrinsics.Fx));
        var f = ds.ReadFrame(1);
        Assert.Equal(2f, f.Depth[0], 5);  // 13107 / 6553.5
        var p = f.GroundTruthPose!.Value;
        Assert.Equal((1.0, 2.0, 3.0), (p.Tx, p.Ty, p.Tz));
        Assert.Equal(-1, p.R(1, 2), 9);   // as written: no y/z column negation
        Assert.Equal(1, p.R(2, 1), 9);
        Assert.Equal(1, p.R(0, 0), 9);
    }

    [Fact]
    public void Default_intrinsics_are_nice_slams_replica_camera()
    {
        using var fx = Make();
        var ds = new ReplicaDataset(fx.Root);
        Assert.Equal((1200, 680, 600.0, 600.0, 599.5, 339.5), (ds.Intrinsics.Width, ds.Intrinsics.Height, ds.Intrinsics.Fx, ds.Intrinsics.Fy, ds.Intrinsics.Cx, ds.Intrinsics.Cy));
        Assert.Throws<DatasetException>(() => ds.ReadFrame(0)); // the 8x6 fixture is not 1200x680
    }

    [Fact]
    public void Bad_trajectory_is_named_with_line()
    {
        using var fx = Make();
        fx.Text("traj.txt", PoseLine(0) + "\n1 0 0 0 0 1 0 0\n");
        var e = Assert.Throws<DatasetException>(() => new ReplicaDataset(fx.Root));
        Assert.Equal(2, e.Line);
        Assert.Contains("expected 16 numbers", e.Message);
        fx.Text("traj.txt", PoseLine(0) + "\n");
        e = Assert.Throws<DatasetException>(() => new ReplicaDataset(fx.Root));
        Assert.Contains("1 poses for frames 0-1 (2 frames)", e.Message);
    }
}
