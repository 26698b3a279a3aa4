using System.Text.Json;
using NiceSlam.Node;
using NiceSlam.Tests;

namespace NiceSlam.Foxglove.Tests;

public class LayoutTests
{
    [Fact]
    public void The_saved_foxglove_layout_shows_topics_the_node_has_under_its_default_names()
    {
        using var layout = JsonDocument.Parse(File.ReadAllText(Path.Combine(SharedData.RepositoryRoot, "launch", "foxglove_layout.json")));
        var o = new NodeOptions();
        string[] nodeTopics = [o.Topic("map_cloud"), o.Topic("path"), o.Topic("mesh"), o.Topic("occupancy"), o.Topic("status"), o.Topic("odometry"),
            o.ColorTopic, o.DepthTopic, o.CameraInfoTopic, "/tf"];
        var panels = layout.RootElement.GetProperty("configById");
        var threeD = panels.EnumerateObject().Single(p => p.Name.StartsWith("3D!", StringComparison.Ordinal)).Value;
        var shown = threeD.GetProperty("topics").EnumerateObject().ToList();
        Assert.All(shown, t => Assert.Contains(t.Name, nodeTopics));
        foreach (var visible in new[] { o.Topic("map_cloud"), o.Topic("path"), o.Topic("mesh"), o.ColorTopic })
            Assert.True(shown.Single(t => t.Name == visible).Value.GetProperty("visible").GetBoolean(), $"{visible} is hidden");
        Assert.Equal(o.MapFrame, threeD.GetProperty("followTf").GetString());
        Assert.Contains("frame:camera_color_optical_frame", threeD.GetProperty("transforms").EnumerateObject().Select(t => t.Name));
        Assert.Equal(o.ColorTopic, panels.EnumerateObject().Single(p => p.Name.StartsWith("Image!", StringComparison.Ordinal)).Value
            .GetProperty("imageMode").GetProperty("imageTopic").GetString());
        Assert.Equal(o.Topic("status"), panels.EnumerateObject().Single(p => p.Name.StartsWith("RawMessages!", StringComparison.Ordinal)).Value
            .GetProperty("topicPath").GetString());
    }
}
