using NiceSlam.Core.Geometry;
using NiceSlam.Data.Datasets;
using NiceSlam.Data.Trajectories;

namespace NiceSlam.Data.Tests.Trajectories;

public class TumTrajectoryFileTests
{
    [Fact]
    public void Round_trip_keeps_microsecond_stamps_of_unix_time_and_the_pose()
    {
        // 16 significant digits: a 15-digit custom format would write ...528750.
        var pose = RigidTransform.FromQuaternion(0.6504, 0.6012, -0.3056, -0.3496, 1.3357, 0.6698, 1.6180);
        var writer = new StringWriter();
        TumTrajectoryFile.Write(writer, [new StampedPose(1305031229.528748, pose)], "test");
        string text = writer.ToString();
        Assert.Contains("1305031229.528748 ", text);
        var back = TumTrajectoryFile.Parse(new StringReader(text), "mem");
        Assert.Single(back);
        Assert.Equal(1305031229.528748, back[0].Timestamp, 6);
        double[] a = pose.ToMatrix(), b = back[0].Pose.ToMatrix();
        for (int i = 0; i < 16; i++) Assert.Equal(a[i], b[i], 8);
    }

    [Fact]
    public void A_write_that_fails_midway_leaves_the_previous_file_whole()
    {
        string folder = Directory.CreateTempSubdirectory("niceslam-traj-").FullName;
        try
        {
            string path = Path.Combine(folder, "trajectory.txt");
            StampedPose Pose(int i) => new(i, new RigidTransform([1, 0, 0, 0, 1, 0, 0, 0, 1], i, 0, 0));
            TumTrajectoryFile.Write(path, Enumerable.Range(0, 3).Select(Pose));
            // A stale temporary file from a killed write is simply replaced.
            File.WriteAllText(path + ".tmp", "1.0 torn");
            IEnumerable<StampedPose> Failing()
            {
                for (int i = 0; i < 1000; i++) yield return i < 500 ? Pose(i) : throw new IOException("disk gone");
            }
            Assert.Throws<IOException>(() => TumTrajectoryFile.Write(path, Failing()));
            Assert.Equal([0.0, 1, 2], TumTrajectoryFile.Read(path).Select(p => p.Pose.Tx));
            Assert.False(File.Exists(path + ".tmp"));
            TumTrajectoryFile.Write(path, Enumerable.Range(0, 5).Select(Pose));
            Assert.Equal(5, TumTrajectoryFile.Read(path).Count);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void A_torn_last_line_is_an_error_not_a_pose()
    {
        var e = Assert.Throws<DatasetException>(() => TumTrajectoryFile.Parse(new StringReader("0 0 0 0 0 0 0 1\n0.1 1 0 0 0 0"), "torn.txt"));
        Assert.Equal(2, e.Line);
    }

    [Theory]
    [InlineData("1.0 1 2 3 0 0 0", "expected 8 values")]
    [InlineData("1.0 1 2 3 0 0 0 x", "not a finite number")]
    [InlineData("1.0 1 2 3 0 0 0 0", "quaternion")]
    [InlineData("1.0 1 2 nan 0 0 0 1", "not a finite number")]
    public void Bad_lines_name_the_source_and_line(string line, string problem)
    {
        var error = Assert.Throws<DatasetException>(() => TumTrajectoryFile.Parse(new StringReader($"# header\n{line}\n"), "gt.txt"));
        Assert.Equal(2, error.Line);
        Assert.StartsWith("gt.txt:2:", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Missing_file_is_a_dataset_error_naming_it()
    {
        var error = Assert.Throws<DatasetException>(() => TumTrajectoryFile.Read("/nonexistent/gt.txt"));
        Assert.Contains("/nonexistent/gt.txt", error.Message);
    }
}
