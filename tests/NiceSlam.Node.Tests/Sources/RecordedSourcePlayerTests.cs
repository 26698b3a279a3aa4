using NiceSlam.Data.Synthetic;
using NiceSlam.Messages.Bus;
using NiceSlam.Messages.SensorMsgs;
using NiceSlam.Node.Sources;
using NiceSlam.Node.Tests.Host;

namespace NiceSlam.Node.Tests.Sources;

/// <summary>A paced replay of a rendered source (the synthetic camera) renders it before its clock starts, so the
/// camera is not late itself; a recording read from files streams.</summary>
[Collection(HostCollection.Name)]
public class RecordedSourcePlayerTests
{
    /// <summary>A source that says whether it renders its frames and notes when its last message was read.</summary>
    private sealed class WatchedSource(IRecordedSource inner, bool renders) : IRecordedSource
    {
        public DateTime? Exhausted { get; private set; }
        public string Name => inner.Name;
        public int? FrameCount => inner.FrameCount;
        public bool RendersFrames => renders;

        public IEnumerable<RecordedMessage> Messages()
        {
            foreach (var message in inner.Messages()) yield return message;
            Exhausted = DateTime.UtcNow;
        }

        public void Dispose() => inner.Dispose();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_paced_replay_renders_a_rendered_source_before_its_first_message_and_streams_the_others(bool renders)
    {
        const int frames = 6;
        var topics = TopicNames.From(new NodeOptions());
        var synthetic = new SyntheticSequence(new SyntheticSequenceOptions { Width = 32, Height = 24, FrameCount = frames });
        var source = new WatchedSource(new DatasetSource(synthetic, frames, topics), renders);
        using var node = NodeHarness.Create(source,
            ["width=0", "height=0", "playback_rate=1", "queue_full_policy=block", "status_period=0", "cloud_period=0", "occupancy_period=0", "mesh_period=0"],
            NodeHarness.FastEngine);
        DateTime? firstColour = null;
        using var subscription = node.Bus.Subscribe<Image>(topics.Colour, QosProfile.SensorData, _ => firstColour ??= DateTime.UtcNow);
        await node.RunToEndAsync(TimeSpan.FromMinutes(3));
        Assert.NotNull(firstColour);
        Assert.NotNull(source.Exhausted);
        // 6 frames at 30 Hz take 0.17 s to play: streamed, the first goes out well before the last is read.
        if (renders) Assert.True(source.Exhausted <= firstColour, $"rendered by {source.Exhausted:HH:mm:ss.fff}, first published {firstColour:HH:mm:ss.fff}");
        else Assert.True(firstColour < source.Exhausted, $"first published {firstColour:HH:mm:ss.fff}, read to the end {source.Exhausted:HH:mm:ss.fff}");
    }
}
