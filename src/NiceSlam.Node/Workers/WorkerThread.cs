using System.Collections.Concurrent;

namespace NiceSlam.Node.Workers;

/// <summary>
/// Runs a worker's async loop on one dedicated thread of its own: every continuation of the loop resumes on that
/// thread (a single-threaded synchronisation context), so the loop waits on channels without blocking anything, and
/// all its tensor work stays on one OS thread — libtorch keeps per-thread state (its OpenMP thread team), and a loop
/// hopping across pool threads would start a team on each.
/// </summary>
internal sealed class WorkerThread : SynchronizationContext
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> work = [];

    /// <summary>Starts <paramref name="loop"/> on a new thread named <paramref name="name"/>; the task completes
    /// as the loop does (result, exception or cancellation).</summary>
    public static Task Run(string name, Func<Task> loop)
    {
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            var context = new WorkerThread();
            SetSynchronizationContext(context);
            Task task;
            try { task = loop(); }
            catch (Exception e) { task = Task.FromException(e); }
            task.ContinueWith(_ => context.work.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            foreach (var (callback, state) in context.work.GetConsumingEnumerable()) callback(state);
            if (task.IsCanceled) completion.TrySetCanceled();
            else if (task.Exception is { } error) completion.TrySetException(error.InnerExceptions);
            else completion.TrySetResult();
        })
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return completion.Task;
    }

    public override void Post(SendOrPostCallback d, object? state)
    {
        if (!work.TryAdd((d, state))) ThreadPool.QueueUserWorkItem(_ => d(state));   // the loop has ended: nothing of it runs here any more
    }

    public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException("a worker thread only takes posted work");

    public override SynchronizationContext CreateCopy() => this;
}
