using NiceSlam.Data.Datasets;

namespace NiceSlam.Data.Tests.Datasets;

public class ScanNetDatasetTests
{
    private static DatasetFixture Make()
    {
        var fx = new DatasetFixture("scene0000_00");
        for (int i = 0; i < 3; i++)
        {
            fx.Color($"color/{i}.jpg", 16, 12);
            fx.Depth($"depth/{i}.png", 8, 6, (_, _) => 1500);
        }
        fx.Text("pose/0.txt", DatasetFixture.Matrix(1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1));
        fx.Text("pose/1.txt", "-inf -inf -inf -inf\n-inf -inf -inf -inf\n-inf -inf -inf -inf\n-inf -inf -inf -inf\n");
        fx.Text("pose/2.txt", DatasetFixture.Matrix(1, 0, 0, 2, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1));
        fx.Text("intrinsic/intrinsic_color.txt", DatasetFixture.Matrix(14, 0, 7.5, 0, 0, 12, 5.5, 0, 0, 0, 1, 0, 0, 0, 0, 1));
        return fx;
    }

    [Fact]
    public void Colour_is_resized_to_depth_and_intrinsics_scaled()
    {
        using var fx = Make();
        var ds = new ScanNetDataset(fx.Root);
        Assert.Equal(3, ds.Count);
        Assert.Equal((16, 12, 14.0), (ds.ColorIntrinsics.Width, ds.ColorIntrinsics.Height, ds.ColorIntrinsics.Fx));
        Assert.Equal((8, 6, 7.0, 6.0, 3.75, 2.75), (ds.Intrinsics.Width, ds.Intrinsics.Height, ds.Intrinsics.Fx, ds.Intrinsics.Fy, ds.Intrinsics.Cx, ds.Intrinsics.Cy));
        var f = ds.ReadFrame(0);
        Assert.Equal(8 * 6 * 3, f.Rgb.Length);
        Assert.Equal(1.5f, f.Depth[0], 6);
        Assert.Equal(1, f.GroundTruthPose!.Value.Tx);
    }

    [Fact]
    public void Infinite_poses_are_counted_and_left_without_ground_truth()
    {
        using var fx = Make();
        var ds = new ScanNetDataset(fx.Root);
        Assert.Equal(1, ds.InvalidPoseCount);
        Assert.True(ds.HasGroundTruth);
        Assert.Null(ds.ReadFrame(1).GroundTruthPose);
        Assert.Equal(2, ds.ReadFrame(2).GroundTruthPose!.Value.Tx);
    }

    [Fact]
    public void Frames_are_in_numeric_order_and_missing_intrinsics_are_named()
    {
        using var fx = Make();
        fx.Color("color/10.jpg", 16, 12);
        fx.Depth("depth/10.png", 8, 6);
        var ds = new ScanNetDataset(fx.Root);
        Assert.Equal(10 / 30.0, ds.ReadFrame(3).Timestamp, 12);
        Assert.Equal(2, ds.InvalidPoseCount);   // 10.txt missing

        File.Delete(fx.Path("intrinsic/intrinsic_color.txt"));
        var e = Assert.Throws<DatasetException>(() => new ScanNetDataset(fx.Root));
        Assert.EndsWith("intrinsic_color.txt", e.Path);
    }
}
