namespace NiceSlam.Node.Workers;

/// <summary>
/// Commands that replace the engine's state (load a map, reset) and so need both workers idle: while the tracking
/// worker runs, it runs them between two frames once the mapping worker has finished what it was handed; when it
/// does not run (not started yet, or finished), they run at once on the caller's thread.
/// </summary>
public sealed class ExclusiveCommands
{
    private readonly object gate = new();
    private readonly Queue<Command> pending = [];
    private TaskCompletionSource posted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool served;

    /// <summary>Runs <paramref name="action"/> with both workers idle; the task gives its result or exception.</summary>
    public Task<T> RunAsync<T>(Func<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var command = new Command(() => action()!);
        lock (gate)
        {
            if (served)
            {
                pending.Enqueue(command);
                posted.TrySetResult();
            }
            else command.Run();
        }
        return Typed(command.Result.Task);

        static async Task<T> Typed(Task<object> result) => (T)await result.ConfigureAwait(false);
    }

    /// <summary>Completes when a command is waiting (the tracking worker wakes on it without a frame).</summary>
    internal Task Posted { get { lock (gate) return posted.Task; } }

    internal bool HasPending { get { lock (gate) return pending.Count > 0; } }

    /// <summary>The tracking worker serves the commands from now on.</summary>
    internal void Serve()
    {
        lock (gate) served = true;
    }

    /// <summary>Runs every waiting command now (the caller makes sure both workers are idle).</summary>
    internal void RunPending()
    {
        while (true)
        {
            Command command;
            lock (gate)
            {
                if (pending.Count == 0)
                {
                    if (posted.Task.IsCompleted) posted = new(TaskCreationOptions.RunContinuationsAsynchronously);
                    return;
                }
                command = pending.Dequeue();
            }
            command.Run();
        }
    }

    /// <summary>The tracking worker has stopped: waiting commands run now, later ones at once.</summary>
    internal void StopServing()
    {
        lock (gate)
        {
            served = false;
            while (pending.TryDequeue(out var command)) command.Run();
        }
    }

    private sealed class Command(Func<object> action)
    {
        public TaskCompletionSource<object> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Run()
        {
            try { Result.TrySetResult(action()); }
            catch (Exception e) { Result.TrySetException(e); }
        }
    }
}
