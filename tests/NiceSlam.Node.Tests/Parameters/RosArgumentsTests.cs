using NiceSlam.Node.Parameters;
namespace NiceSlam.Node.Tests.Parameters;

public class RosArgumentsTests
{
    [Fact]
    public void Splits_ros_blocks_from_application_arguments()
    {
        // What `ros2 run ... --NiceSlam:Width=80 --ros-args -r __node:=slam ... -- extra` passes: everything between
        // --ros-args and the lone -- is rcl's; the rest goes to the host in its original order.
        var parsed = RosArguments.Parse([
            "--NiceSlam:Width=80", "--ros-args", "-r", "__node:=slam", "--remap", "__ns:=/robot", "-p", "device:=cuda",
            "--params-file", "/tmp/a.yaml", "--log-level", "debug", "--enable-rosout-logs", "--param", "width:=80",
            "--", "extra", "--ros-args", "--params-file", "/tmp/b.yaml"]);

        Assert.Equal(["--NiceSlam:Width=80", "extra"], parsed.ApplicationArguments);
        Assert.Equal(["/tmp/a.yaml", "/tmp/b.yaml"], parsed.ParameterFiles);
        Assert.Equal([new("device", "cuda"), new KeyValuePair<string, string>("width", "80")], parsed.ParameterAssignments);
        Assert.Equal("slam", parsed.NodeName);
        Assert.Equal("/robot", parsed.NodeNamespace);
        Assert.Equal("/robot/slam", parsed.FullyQualifiedName("nice_slam"));
    }

    [Fact]
    public void Without_remaps_the_default_name_is_in_the_root_namespace()
    {
        var parsed = RosArguments.Parse(["--ros-args", "-p", "a:=1"]);
        Assert.Empty(parsed.ApplicationArguments);
        Assert.Equal("/nice_slam", parsed.FullyQualifiedName("nice_slam"));
    }

    [Fact]
    public void Assignment_value_keeps_later_colons_and_equals()
    {
        // Only the first ":=" separates: "slam_settings:=[A=1, B:=2]" is name slam_settings, value "[A=1, B:=2]".
        var parsed = RosArguments.Parse(["--ros-args", "-p", "slam_settings:=[A=1, B:=2]"]);
        Assert.Equal(new KeyValuePair<string, string>("slam_settings", "[A=1, B:=2]"), parsed.ParameterAssignments.Single());
    }

    [Fact]
    public void Option_without_value_is_rejected_by_name()
    {
        var e = Assert.Throws<ArgumentException>(() => RosArguments.Parse(["--ros-args", "--params-file"]));
        Assert.Contains("--params-file", e.Message);
    }

    [Fact]
    public void Assignment_without_separator_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => RosArguments.Parse(["--ros-args", "-p", "device=cuda"]));
        Assert.Contains("name:=value", e.Message);
        Assert.Contains("device=cuda", e.Message);
    }
}
