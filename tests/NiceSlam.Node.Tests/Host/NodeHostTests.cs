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
        using var host = NodeHost.CreateBuilder(["--NiceSlam:queue_capacity=0", "--NiceSlam:sync_queue_size=0", "--NiceSlam:source=topics",
            "--NiceSlam:slam_settings:0=MapEvery=0", "--NiceSlam:slam_settings:1=NoSuchSetting=1", "--NiceSlam:bounds=1,2,3"]).Build();
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => host.StartAsync());
        foreach (string name in new[] { "queue_capacity", "sync_queue_size", "MapEvery", "NoSuchSetting", "bounds" })
            Assert.Contains(error.Failures, f => f.Contains(name, StringComparison.Ordinal));
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
