using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NiceSlam.Messages.Bus;
using NiceSlam.Node.Input;

namespace NiceSlam.Node.Workers;

/// <summary>
/// On live topics, notices when no frame has been assembled for input_timeout seconds and says why
/// (<see cref="InputDiagnosis"/>): one warning when it starts, again every 30 s while it lasts (or sooner when the
/// reason changes), one line when frames come again; <see cref="Current"/> carries it into the status message.
/// A full queue is not silence (the tracker is behind, not the input).
/// </summary>
public sealed class InputWatchdog(InputStage input, FrameQueue queue, IMessageBus bus, IOptions<NodeOptions> options, ILogger<InputWatchdog> logger,
    TimeProvider? time = null) : BackgroundService
{
    private static readonly TimeSpan RepeatEvery = TimeSpan.FromSeconds(30);
    private readonly TimeProvider clock = time ?? TimeProvider.System;
    private string? current;

    /// <summary>The latest explanation while no frame is assembled; null while frames arrive.</summary>
    public string? Current => Volatile.Read(ref current);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.UsesTopics || o.InputTimeout <= 0) return;
        var timeout = TimeSpan.FromSeconds(o.InputTimeout);
        var period = TimeSpan.FromSeconds(Math.Clamp(o.InputTimeout / 5, 0.05, 1.0));
        long lastAccepted = input.Counters.Accepted;
        var lastProgress = clock.GetUtcNow();
        DateTimeOffset? lastLogged = null;
        string? lastReason = null;
        using var timer = new PeriodicTimer(period, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                var now = clock.GetUtcNow();
                long accepted = input.Counters.Accepted;
                if (accepted != lastAccepted || queue.Pending >= queue.Capacity)
                {
                    lastAccepted = accepted;
                    lastProgress = now;
                    if (Interlocked.Exchange(ref current, null) is not null)
                        logger.LogInformation("input: frames are being assembled again");
                    lastLogged = null;
                    continue;
                }
                var silent = now - lastProgress;
                if (silent < timeout) continue;
                IReadOnlyList<DiscoveredTopic>? discovered = null;
                if (bus is ITopicDiscovery discovery)
                {
                    try { discovered = discovery.DiscoverTopics(); }
                    catch (Exception e) when (e is not OperationCanceledException) { logger.LogDebug("topic discovery failed: {Reason}", e.Message); }
                }
                string text = InputDiagnosis.Explain(silent.TotalSeconds, input.Activity, o.SyncMaxInterval, input.Counters, discovered, now.UtcDateTime);
                string reason = Reason(text);
                if (lastLogged is null || now - lastLogged >= RepeatEvery || reason != lastReason)
                {
                    logger.LogWarning("{Diagnosis}", text);
                    lastLogged = now;
                    lastReason = reason;
                }
                // Published after the log line, so whoever sees the diagnosis in a status also finds it in the log.
                Volatile.Write(ref current, text);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    /// <summary>The explanation without its changing numbers (seconds, counts), to tell a new reason from the same
    /// one a second later.</summary>
    private static string Reason(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"[+-]?\d+(\.\d+)?", "#");
}
