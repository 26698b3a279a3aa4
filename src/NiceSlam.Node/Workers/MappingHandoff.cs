using System.Threading.Channels;
using NiceSlam.Core.Slam;

namespace NiceSlam.Node.Workers;

/// <summary>A mapping request on its way to the mapping worker (null: a barrier that only confirms that everything
/// handed over before it is done), and its completion.</summary>
internal sealed record MappingJob(MappingRequest? Request, TaskCompletionSource Done);

/// <summary>
/// The hand-off between the two workers: mapping requests from the <see cref="TrackingWorker"/> to the
/// <see cref="MappingWorker"/>, and the mapping outcomes back. <see cref="SyncMode.Strict"/>: every request is kept
/// and the tracking worker waits for each. <see cref="SyncMode.Loose"/>: at most one request waits; a newer one
/// supersedes it (its frame is freed and counted in <see cref="Superseded"/>). Requests that must complete (a new
/// map, the final frame) and barriers are always waited for, so they are never superseded.
/// </summary>
public sealed class MappingHandoff
{
    private readonly Channel<MappingJob> jobs;
    private readonly Channel<MappingOutcome> outcomes = Channel.CreateUnbounded<MappingOutcome>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly TaskCompletionSource drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long superseded;
    private volatile Exception? failure;

    public MappingHandoff(SyncMode sync)
    {
        Sync = sync;
        jobs = sync == SyncMode.Strict
            ? Channel.CreateUnbounded<MappingJob>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true })
            : Channel.CreateBounded<MappingJob>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true },
                dropped =>
                {
                    Interlocked.Increment(ref superseded);
                    dropped.Request?.Dispose();
                    dropped.Done.TrySetResult();
                });
    }

    public SyncMode Sync { get; }

    /// <summary>Loose scheduling: mapping requests superseded by a newer frame before the mapping worker took them.</summary>
    public long Superseded => Interlocked.Read(ref superseded);

    /// <summary>What stopped the mapping worker, when it failed.</summary>
    public Exception? Failure => failure;

    /// <summary>Completes when the mapping worker has stopped (after the last job, or on failure).</summary>
    public Task Drained => drained.Task;

    /// <summary>Hands <paramref name="request"/> (and its frame) to the mapping worker; the task completes when it is
    /// mapped, skipped or superseded, and fails when the mapping worker failed on it.</summary>
    /// <exception cref="InvalidOperationException">The mapping worker has stopped.</exception>
    public Task Submit(MappingRequest request) => Post(request);

    /// <summary>Completes once the mapping worker has finished everything handed to it before.</summary>
    public Task Barrier() => Post(null);

    /// <summary>Throws when the mapping worker failed (the tracking worker must not go on without a mapper).</summary>
    public void ThrowIfFailed()
    {
        if (failure is { } e) throw new InvalidOperationException($"the mapping worker failed: {e.Message}", e);
    }

    /// <summary>The next outcome not yet taken over by the tracking side.</summary>
    public bool TryTakeOutcome(out MappingOutcome outcome) => outcomes.Reader.TryRead(out outcome!);

    /// <summary>No more jobs: the mapping worker stops after the last one.</summary>
    public void Complete() => jobs.Writer.TryComplete();

    private Task Post(MappingRequest? request)
    {
        var job = new MappingJob(request, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!jobs.Writer.TryWrite(job))
        {
            request?.Dispose();
            ThrowIfFailed();
            throw new InvalidOperationException("the mapping worker is not accepting requests");
        }
        return job.Done.Task;
    }

    // ---- the mapping worker's end ------------------------------------------------------------------------------

    internal ChannelReader<MappingJob> Jobs => jobs.Reader;

    internal void Deliver(MappingOutcome outcome) => outcomes.Writer.TryWrite(outcome);

    /// <summary>The mapping worker has stopped (with <paramref name="error"/> when it failed): whatever is still queued
    /// is freed and fails or completes, and nothing more is accepted.</summary>
    internal void MarkDrained(Exception? error)
    {
        if (error is not null) failure = error;
        jobs.Writer.TryComplete();
        while (jobs.Reader.TryRead(out var job))
        {
            job.Request?.Dispose();
            if (error is null) job.Done.TrySetResult();
            else job.Done.TrySetException(new InvalidOperationException($"the mapping worker failed: {error.Message}", error));
        }
        drained.TrySetResult();
    }
}
