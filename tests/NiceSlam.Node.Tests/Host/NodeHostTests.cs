using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NiceSlam.Node.Sources;

namespace NiceSlam.Node.Tests.Host;

public class NodeHostTests
{
    [Fact]
    public async Task Invalid_settings_stop_the_node_at_start_naming_the_setting()
    {
        using var host = NodeHost.CreateBuilder(["--NiceSlam:queue_capacity=0", "--NiceSlam:source=topics"]).Build();
        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());
        Assert.Contains("queue_capacity", error.Message);
    }

    [Fact]
    public async Task Every_invalid_setting_is_reported_at_once()
    {
        // Two engine settings out of range in two groups (one by its grouped name, one by its flat name), an unknown
        // one, and node settings: all of them in one report.
        using var host = NodeHost.CreateBuilder(["--NiceSlam:queue_capacity=0", "--NiceSlam:sync_queue_size=0", "--NiceSlam:source=topics",
            "--NiceSlam:slam_settings:0=Mapping.Every=0", "--NiceSlam:slam_settings:1=NoSuchSetting=1", "--NiceSlam:slam_settings:2=OdometryLevels=9",
            "--NiceSlam:bounds=1,2,3"]).Build();
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => host.StartAsync());
        foreach (string name in new[] { "queue_capacity", "sync_queue_size", "Mapping.Every must be >= 1", "NoSuchSetting", "Odometry.Levels must be in [1, 6]", "bounds" })
            Assert.Contains(error.Failures, f => f.Contains(name, StringComparison.Ordinal));
    }

    [Fact]
    public void Engine_settings_by_grouped_and_flat_names_survive_the_configuration_round_trip()
    {
        var settings = new NodeOptions { Source = "synthetic", SlamSettings = ["Odometry.Levels=4", "TrackingPixels=321", "mapping.every=7", "Sync=strict"] };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.ToConfiguration()).Build();
        var bound = new NodeOptions();
        configuration.GetSection(NodeOptions.Section).Bind(bound);
        Assert.Equal(settings.SlamSettings, bound.SlamSettings);
        var engine = Engine.SlamEngine.BuildOptions(bound);
        Assert.Equal((4, 321, 7), (engine.Odometry.Levels, engine.Tracking.Pixels, engine.Mapping.Every));
        Assert.Equal(Core.Slam.SlamPresets.Cpu().Mapping.Iterations, engine.Mapping.Iterations);   // the rest is the preset's
    }

    [Theory]
    [InlineData(new string[0], "synthetic")]
    [InlineData(new[] { "--NiceSlam:source=topics" }, "topics")]
    public void Fallback_settings_give_way_to_every_other_source_of_configuration(string[] args, string expected)
    {
        var builder = NodeHost.CreateBuilder(args);
        NodeHost.AddFallbackSettings(builder, new Dictionary<string, string?> { ["source"] = "synthetic", ["max_frames"] = "3" });
        using var host = builder.Build();
        var options = host.Services.GetRequiredService<IOptions<NodeOptions>>().Value;
        Assert.Equal(expected, options.Source);
        Assert.Equal(3, options.MaxFrames);
        // Live topics play nothing; a recorded source is opened for anything else.
        var slot = host.Services.GetRequiredService<RecordedSourceSlot>();
        Assert.Equal(expected == "topics", slot.Source is null);
        if (slot.Source is not null) Assert.Equal(3, slot.Source.FrameCount);
    }

    [Fact]
    public void Every_setting_has_a_parameter_name_and_the_defaults_are_valid_for_a_live_camera()
    {
        var defaults = new NodeOptions();
        defaults.Validate();
        Assert.True(defaults.UsesTopics);
        Assert.Equal("auto", defaults.QueueFullPolicy);
        Assert.False(defaults.BlockWhenFull);                    // auto on camera topics: keep up, never block
        Assert.True(new NodeOptions { Source = "synthetic" }.BlockWhenFull);   // auto on a recording: every frame
        Assert.Equal(typeof(NodeOptions).GetProperties().Count(p => p.CanWrite), NodeOptions.ParameterNames.Count);
        Assert.All(NodeOptions.ParameterNames, n => Assert.Matches("^[a-z][a-z0-9_]*$", n));
    }

    [Theory]
    [InlineData("dds", "sensor_data", true)]
    [InlineData("rcldotnet", "sensor_data", true)]
    [InlineData("dds", "reliable", false)]
    [InlineData("loopback", "sensor_data", false)]
    public void A_blocking_queue_on_best_effort_camera_topics_over_dds_is_refused_with_the_reason(string transport, string qos, bool refused)
    {
        var options = new NodeOptions { QueueFullPolicy = "block", InputQos = qos };
        var problems = options.Problems(transport);
        Assert.Equal(refused, problems.Any(p => p.Contains("queue_full_policy block with source topics", StringComparison.Ordinal)));
        Assert.Empty(new NodeOptions { QueueFullPolicy = "drop_oldest" }.Problems(transport));
    }
}
