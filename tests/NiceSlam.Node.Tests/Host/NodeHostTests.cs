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
        Assert.Equal("drop_oldest", defaults.QueueFullPolicy);
        Assert.Equal(typeof(NodeOptions).GetProperties().Count(p => p.CanWrite), NodeOptions.ParameterNames.Count);
        Assert.All(NodeOptions.ParameterNames, n => Assert.Matches("^[a-z][a-z0-9_]*$", n));
    }
}
