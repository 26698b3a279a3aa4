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
