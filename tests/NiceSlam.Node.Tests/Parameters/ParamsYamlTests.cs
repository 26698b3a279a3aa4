using NiceSlam.Node.Parameters;
using Microsoft.Extensions.Configuration;
namespace NiceSlam.Node.Tests.Parameters;

/// <summary>launch/params.yaml against the node's parameter list and the defaults the node is specified with.</summary>
public class ParamsYamlTests
{
    private static readonly string ParamsPath = System.IO.Path.Combine(AppContext.BaseDirectory, "params.yaml");

    private static Dictionary<string, RosParameterValue> Load() =>
        RosParameters.ReadParameterFile(File.ReadAllText(ParamsPath), "/nice_slam", ParamsPath)
            .ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public void Every_known_parameter_is_in_the_file_and_nothing_else()
    {
        var values = Load();
        // slam_settings is the one exception: an empty list cannot be written for rcl, so it is a commented example.
        var expected = RosParameters.KnownNames.Where(n => n != "slam_settings").OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(expected, values.Keys.OrderBy(n => n, StringComparer.Ordinal));
        Assert.Contains("# slam_settings:", File.ReadAllText(ParamsPath));
    }

    [Fact]
    public void The_commented_slam_settings_example_names_engine_settings()
    {
        // Uncommented, the example must be a valid list of engine overrides.
        string line = File.ReadAllLines(ParamsPath).Single(l => l.TrimStart().StartsWith("# slam_settings:", StringComparison.Ordinal));
        string yaml = "/**:\n  ros__parameters:\n    " + line.TrimStart()[2..] + "\n";
        var values = RosParameters.ReadParameterFile(yaml, "/nice_slam").ToDictionary(p => p.Key, p => p.Value);
        var settings = new NiceSlam.Node.NodeOptions { Source = "synthetic", SlamSettings = [.. values["slam_settings"].Items] };
        Assert.NotEmpty(settings.SlamSettings);
        Assert.Empty(settings.Problems());
        Assert.All(settings.SlamSettings, s => Assert.Contains('.', s.Split('=')[0]));   // the grouped names, as documented
    }

    [Fact]
    public void Every_parameter_line_is_documented()
    {
        var lines = File.ReadAllLines(ParamsPath)
            .Where(l => l.StartsWith("    ", StringComparison.Ordinal) && !l.TrimStart().StartsWith('#') && l.Contains(':'));
        Assert.All(lines, l => Assert.Contains(" # ", l));
    }

    [Fact]
    public void The_file_states_the_code_defaults_of_size_and_pairing()
    {
        var values = Load();
        var defaults = new NiceSlam.Node.NodeOptions();
        Assert.Equal(defaults.Width.ToString(System.Globalization.CultureInfo.InvariantCulture), values["width"].Items[0]);
        Assert.Equal(defaults.SyncMaxInterval.ToString(System.Globalization.CultureInfo.InvariantCulture), values["sync_max_interval"].Items[0]);
        Assert.Equal(defaults.SyncQueueSize.ToString(System.Globalization.CultureInfo.InvariantCulture), values["sync_queue_size"].Items[0]);
    }

    [Fact]
    public void The_file_binds_to_valid_node_settings_for_live_topics()
    {
        // What the ROS edge does with the file: parameters -> NiceSlam:<name> configuration keys -> NodeOptions.
        var values = Load();
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(RosParameters.ToConfiguration(values))
            .Build();
        var options = new NiceSlam.Node.NodeOptions { MaxFrames = -1 };
        Microsoft.Extensions.Configuration.ConfigurationBinder.Bind(configuration.GetSection(NiceSlam.Node.NodeOptions.Section), options);
        options.Validate();
        Assert.True(options.UsesTopics);                          // a robot's file subscribes to the camera
        Assert.False(options.BlockWhenFull);                     // and keeps up with it rather than lagging behind
        Assert.Equal("sensor_data", options.InputQos);            // best effort, as camera drivers publish
        Assert.Equal(0, options.MaxFrames);                      // bound from the file, not the default
        Assert.Equal(values["color_topic"].Items[0], options.ColorTopic);
    }
}
