using NiceSlam.Node.Parameters;
namespace NiceSlam.Node.Tests.Parameters;

public class RosParametersTests
{
    [Theory]
    // rcl's rules: "/**" any namespace depth (also none), "*" exactly one token, a bare name is absolute.
    [InlineData("/**", "/nice_slam", true)]
    [InlineData("/**", "/robot/front/nice_slam", true)]
    [InlineData("/*", "/nice_slam", true)]
    [InlineData("/*", "/robot/nice_slam", false)]
    [InlineData("nice_slam", "/nice_slam", true)]
    [InlineData("nice_slam", "/robot/nice_slam", false)]
    [InlineData("/robot/*", "/robot/nice_slam", true)]
    [InlineData("/**/nice_slam", "/a/b/nice_slam", true)]
    [InlineData("/**/nice_slam", "/nice_slam", true)]
    [InlineData("/**/nice_slam", "/a/other", false)]
    [InlineData("other", "/nice_slam", false)]
    public void Node_patterns_match_like_rcl(string pattern, string node, bool expected) =>
        Assert.Equal(expected, RosParameters.NodePatternMatches(pattern, node));

    [Fact]
    public void File_sections_apply_in_order_and_only_for_the_node()
    {
        const string yaml = """
            /**:
              ros__parameters:
                width: 160
                device: cpu
            other_node:
              ros__parameters:
                width: 999
            robot:
              nice_slam:
                ros__parameters:
                  width: 320
                  sync:
                    max_interval: 0.05
                  slam_settings: ["A=1", "B=2"]
            """;
        var found = RosParameters.ReadParameterFile(yaml, "/robot/nice_slam").ToList();

        // /** gives width 160 and device; other_node is skipped; the nested robot/nice_slam section comes later,
        // so its width 320 is the second width entry; the nested mapping flattens to sync.max_interval.
        Assert.Equal(["width", "device", "width", "sync.max_interval", "slam_settings"], found.Select(p => p.Key));
        Assert.Equal("320", found[2].Value.Items.Single());
        Assert.True(found[4].Value.IsList);
        Assert.Equal(["A=1", "B=2"], found[4].Value.Items);
    }

    [Fact]
    public void Command_line_assignments_override_files_and_become_configuration_keys()
    {
        string file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"nice_slam_params_{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, "/**:\n  ros__parameters:\n    width: 160\n    odom_frame: ''\n    publish_tf: true\n");
        try
        {
            var args = RosArguments.Parse(["--ros-args", "--params-file", file, "-p", "width:=80", "-p", "slam_settings:=[X=1, Y=2]"]);
            var parameters = RosParameters.Resolve(args, "/nice_slam");
            var config = RosParameters.ToConfiguration(parameters).ToDictionary(p => p.Key, p => p.Value);

            // width: 160 from the file, then 80 from -p (later wins); odom_frame '' stays an empty string;
            // the -p list becomes indexed keys as .NET configuration binds arrays.
            Assert.Equal("80", config["NiceSlam:width"]);
            Assert.Equal("", config["NiceSlam:odom_frame"]);
            Assert.Equal("true", config["NiceSlam:publish_tf"]);
            Assert.Equal("X=1", config["NiceSlam:slam_settings:0"]);
            Assert.Equal("Y=2", config["NiceSlam:slam_settings:1"]);
            Assert.Equal(5, config.Count);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Missing_parameter_file_is_reported_with_its_path()
    {
        var args = RosArguments.Parse(["--ros-args", "--params-file", "/nonexistent/params.yaml"]);
        var e = Assert.Throws<FileNotFoundException>(() => RosParameters.Resolve(args, "/nice_slam"));
        Assert.Contains("/nonexistent/params.yaml", e.Message);
    }

    [Fact]
    public void Parameter_file_that_is_not_a_mapping_is_rejected()
    {
        var e = Assert.Throws<FormatException>(() => RosParameters.ReadParameterFile("- a\n- b\n", "/nice_slam", "bad.yaml").ToList());
        Assert.Contains("bad.yaml", e.Message);
        Assert.Contains("mapping", e.Message);
    }
}
