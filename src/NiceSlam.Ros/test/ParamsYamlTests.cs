namespace NiceSlam.Ros.Tests;

/// <summary>launch/params.yaml against the node's parameter list and the defaults the node is specified with.</summary>
public class ParamsYamlTests
{
    private static readonly string ParamsPath = System.IO.Path.Combine(AppContext.BaseDirectory, "params.yaml");

    private static Dictionary<string, RosParameterValue> Load() =>
        RosParameters.ReadParameterFile(File.ReadAllText(ParamsPath), "/nice_slam", ParamsPath)
            .ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public void EveryKnownParameterIsInTheFileAndNothingElse()
    {
        var values = Load();
        // slam_settings is the one exception: an empty list cannot be written for rcl, so it is a commented example.
        var expected = RosParameters.KnownNames.Where(n => n != "slam_settings").OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(expected, values.Keys.OrderBy(n => n, StringComparer.Ordinal));
        Assert.Contains("# slam_settings:", File.ReadAllText(ParamsPath));
    }

    [Fact]
    public void EveryParameterLineIsDocumented()
    {
        var lines = File.ReadAllLines(ParamsPath)
            .Where(l => l.StartsWith("    ", StringComparison.Ordinal) && !l.TrimStart().StartsWith('#') && l.Contains(':'));
        Assert.All(lines, l => Assert.Contains(" # ", l));
    }

    [Theory]
    // The defaults the node's parameters are specified with (issue text), as the YAML scalars' text.
    [InlineData("source", "topics")]
    [InlineData("color_topic", "/camera/camera/color/image_raw")]
    [InlineData("depth_topic", "/camera/camera/aligned_depth_to_color/image_raw")]
    [InlineData("camera_info_topic", "/camera/camera/color/camera_info")]
    [InlineData("sync_queue_size", "10")]
    [InlineData("sync_max_interval", "0.02")]
    [InlineData("depth_scale", "0.001")]
    [InlineData("queue_capacity", "4")]
    [InlineData("queue_full_policy", "drop_oldest")]
    [InlineData("width", "160")]
    [InlineData("height", "120")]
    [InlineData("crop_edge", "0")]
    [InlineData("map_frame", "map")]
    [InlineData("odom_frame", "")]
    [InlineData("camera_frame", "")]
    [InlineData("publish_tf", "true")]
    [InlineData("topic_prefix", "/nice_slam")]
    [InlineData("cloud_period", "2.0")]
    [InlineData("cloud_voxel", "0.05")]
    [InlineData("occupancy_period", "5.0")]
    [InlineData("occupancy_resolution", "0.05")]
    [InlineData("occupancy_min_height", "0.1")]
    [InlineData("occupancy_max_height", "1.5")]
    [InlineData("mesh_period", "10.0")]
    [InlineData("mesh_max_triangles", "200000")]
    [InlineData("status_period", "1.0")]
    [InlineData("preset", "cpu")]
    [InlineData("device", "cpu")]
    [InlineData("map_path", "nice_slam.map")]
    [InlineData("load_map_on_start", "")]
    [InlineData("save_map_on_shutdown", "false")]
    [InlineData("max_frames", "0")]
    [InlineData("playback_rate", "1.0")]
    [InlineData("use_sim_time", "false")]
    public void DefaultMatchesTheSpecification(string name, string expected)
    {
        var value = Load()[name];
        Assert.False(value.IsList);
        Assert.Equal(expected, value.Items[0]);
    }
}
