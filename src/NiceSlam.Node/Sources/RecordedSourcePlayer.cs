using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NiceSlam.Bags;
using NiceSlam.Messages.Bus;
using NiceSlam.Node.Input;

namespace NiceSlam.Node.Sources;

/// <summary>
/// Plays a recorded source onto the node's input topics at playback_rate times the recorded speed (0: as fast as
/// the input takes them; with queue_full_policy block nothing is dropped, which makes replays deterministic), then
/// tells the input stage that the stream has ended so the last frames are flushed and the loops finish. A paced
/// replay of a source that renders its frames (the synthetic camera) of at most <see cref="PreloadFrames"/> frames
/// renders them all before its clock starts: rendering beside the node on the same cores is slower than real time
/// here, and a camera that is late itself would count its own delay as the node's latency.
/// </summary>
public sealed class RecordedSourcePlayer(RecordedSourceSlot slot, IMessageBus bus, ReplayClock replayClock, InputStage input, IOptions<NodeOptions> options,
    ILogger<RecordedSourcePlayer> logger) : BackgroundService
{
    private readonly TopicPublishers publishers = new(bus);

    /// <summary>A paced rendered source of at most this many frames is rendered before it plays (about 130 kB a
    /// frame at 160x120).</summary>
    public const int PreloadFrames = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        if (slot.Source is not { } source) return;     // live topics: nothing to play
        double rate = options.Value.PlaybackRate;
        logger.LogInformation("playing {Name} ({Frames} frames) at {Rate}", source.Name, source.FrameCount?.ToString() ?? "?",
            rate > 0 ? $"{rate}x recorded speed" : "full speed");
        var clock = Stopwatch.StartNew();
        long published = 0;
        try
        {
            var messages = source.Messages();
            if (rate > 0 && source.RendersFrames && source.FrameCount is > 0 and <= PreloadFrames)
            {
                var rendered = await Task.Run(() => messages.ToList(), stoppingToken).ConfigureAwait(false);
                logger.LogInformation("{Name}: {Count} messages rendered in {Seconds:0.0} s before playing, so the camera keeps its schedule",
                    source.Name, rendered.Count, clock.Elapsed.TotalSeconds);
                messages = rendered;
                clock.Restart();
            }
            foreach (var message in messages)
            {
                stoppingToken.ThrowIfCancellationRequested();
                if (published == 0) replayClock.StartPlayback(message.Stamp, rate);
                if (rate > 0)
                {
                    // The paced replay clock is the schedule: a message goes out when the clock reaches its stamp.
                    var wait = TimeSpan.FromTicks((long)((message.Stamp.TotalNanoseconds - replayClock.Now().TotalNanoseconds) / 100 / rate));
                    if (wait > TimeSpan.Zero) await Task.Delay(wait, stoppingToken).ConfigureAwait(false);
                }
                replayClock.Advance(message.Stamp);
                publishers.Publish(message);
                published++;
            }
            logger.LogInformation("{Name}: all {Count} messages played in {Seconds:0.0} s", source.Name, published, clock.Elapsed.TotalSeconds);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or NotSupportedException or BagException)
        {
            logger.LogError("{Name}: stopped reading after {Count} messages: {Reason}", source.Name, published, e.Message);
        }
        finally
        {
            input.Complete();
        }
    }
}
