using System.Diagnostics;
using NiceSlam.Fuzzing.Mutation;

namespace NiceSlam.Fuzzing;

/// <summary>Settings of one fuzzing run.</summary>
public sealed record FuzzOptions
{
    /// <summary>Wall-clock budget of the run (after the seeds), seconds.</summary>
    public double Seconds { get; init; } = 5;

    /// <summary>Seed of the mutation engine: the same seed gives the same sequence of inputs.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Stop after this many mutated inputs even with time left (0: no limit).</summary>
    public long MaxInputs { get; init; }

    /// <summary>An input still being read after this long is a hang.</summary>
    public TimeSpan HangTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Findings kept in the report (all are counted).</summary>
    public int MaxFindings { get; init; } = 20;

    /// <summary>Called for every finding (e.g. to save the input as a regression file).</summary>
    public Action<FuzzFinding>? OnFinding { get; init; }
}

/// <summary>
/// Feeds a target its seeds (each must read validly) and then mutated inputs until the time or input budget is
/// spent, classifying each: valid read, clean rejection, crash, hang or over-allocation. Each input runs on a
/// worker thread so that a hang is seen (the run stops there: a stuck thread cannot be taken back) and the managed
/// bytes it allocates are counted (<see cref="GC.GetAllocatedBytesForCurrentThread"/>).
/// </summary>
public static class FuzzRunner
{
    public static FuzzReport Run(FuzzTarget target, FuzzOptions options)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        var report = new FuzzReport(target.Name, target.CleanRejection, options.Seed);
        var worker = new Worker(target.Name, target.CallsNativeCode);
        try
        {
            foreach (var seed in target.Seeds)
            {
                var input = new FuzzCase(seed.Variant, seed.Data);
                if (!worker.Run(() => target.Run(input), options.HangTimeout))
                    throw new InvalidOperationException($"{target.Name}: seed {seed.Variant} did not finish in {options.HangTimeout.TotalSeconds} s");
                if (worker.Error is { } error)
                    throw new InvalidOperationException($"{target.Name}: seed {seed.Variant} is not a valid read: {error.GetType().Name}: {error.Message}", error);
            }

            var mutator = new Mutator(new Random(options.Seed));
            var clock = Stopwatch.StartNew();
            long number = 0;
            while (clock.Elapsed.TotalSeconds < options.Seconds && (options.MaxInputs <= 0 || number < options.MaxInputs))
            {
                number++;
                var input = target.Next(mutator);
                if (!worker.Run(() => target.Run(input), options.HangTimeout))
                {
                    report.Count(FuzzOutcome.Hang, 0, null, options.HangTimeout, input);
                    Record(report, options, new FuzzFinding(target.Name, FuzzOutcome.Hang, number, input,
                        $"still reading after {options.HangTimeout.TotalSeconds} s; run stopped"));
                    worker = null;
                    break;
                }
                var (outcome, detail) = Classify(target, input, worker.Error, worker.Allocated, worker.ResidentGrowth);
                report.Count(outcome, worker.Allocated, outcome == FuzzOutcome.CleanRejection ? target.ReasonOf(worker.Error!) : null, worker.Took, input);
                if (outcome is not (FuzzOutcome.ValidRead or FuzzOutcome.CleanRejection))
                    Record(report, options, new FuzzFinding(target.Name, outcome, number, input, detail!));
            }
            report.Elapsed = clock.Elapsed;
            return report;
        }
        finally
        {
            worker?.Dispose();
        }
    }

    /// <summary>Runs one input (a regression file) and classifies it, without the hang watch.</summary>
    public static (FuzzOutcome Outcome, string? Detail) RunOne(FuzzTarget target, FuzzCase input, TimeSpan? hangTimeout = null)
    {
        var worker = new Worker(target.Name, target.CallsNativeCode);
        var timeout = hangTimeout ?? TimeSpan.FromSeconds(10);
        if (!worker.Run(() => target.Run(input), timeout)) return (FuzzOutcome.Hang, $"still reading after {timeout.TotalSeconds} s");
        try { return Classify(target, input, worker.Error, worker.Allocated, worker.ResidentGrowth); }
        finally { worker.Dispose(); }
    }

    private static (FuzzOutcome, string?) Classify(FuzzTarget target, FuzzCase input, Exception? error, long allocated, long residentGrowth)
    {
        long limit = target.AllocationLimit(input);
        if (error is OutOfMemoryException or InsufficientMemoryException)
            return (FuzzOutcome.OverAllocation, $"{error.GetType().Name}: {error.Message}");
        long residentLimit = target.ResidentLimit(input);
        if (residentGrowth > residentLimit)
            return (FuzzOutcome.OverAllocation, $"the process's resident memory peaked {residentGrowth:N0} bytes above where it was, for a {input.Data.Length:N0}-byte input (limit {residentLimit:N0})" +
                (error is null ? "" : $"; then {error.GetType().Name}: {error.Message}"));
        if (allocated > limit)
            return (FuzzOutcome.OverAllocation, $"allocated {allocated:N0} bytes for a {input.Data.Length:N0}-byte input (limit {limit:N0})" +
                (error is null ? "" : $"; then {error.GetType().Name}: {error.Message}"));
        if (error is null) return (FuzzOutcome.ValidRead, null);
        if (target.IsCleanRejection(error, input)) return (FuzzOutcome.CleanRejection, null);
        return (FuzzOutcome.Crash, $"{error.GetType().FullName}: {error.Message}\n{Trimmed(error.StackTrace)}");
    }

    private static string Trimmed(string? stackTrace) =>
        string.Join('\n', (stackTrace ?? "").Split('\n').Take(8).Select(l => "    " + l.Trim()));

    private static void Record(FuzzReport report, FuzzOptions options, FuzzFinding finding)
    {
        if (report.Findings.Count < options.MaxFindings) report.Findings.Add(finding);
        options.OnFinding?.Invoke(finding);
    }

    /// <summary>A thread that runs one input at a time and measures what it allocates.</summary>
    private sealed class Worker : IDisposable
    {
        private readonly SemaphoreSlim start = new(0);
        private readonly SemaphoreSlim finished = new(0);
        private Action? job;
        private bool stopping;

        /// <summary>The peak is the process's: workers that watch it take turns, or one would reset another's.</summary>
        private static readonly object ResidentWatch = new();

        private readonly bool watchResident;

        public Worker(string name, bool watchResident)
        {
            this.watchResident = watchResident;
            var thread = new Thread(Loop) { IsBackground = true, Name = "fuzz " + name };
            thread.Start();
        }

        public Exception? Error { get; private set; }
        public long Allocated { get; private set; }
        public TimeSpan Took { get; private set; }

        /// <summary>How far the process's resident memory peaked above its level before the input (Linux: the peak
        /// is reset through /proc/self/clear_refs and read as VmHWM), so native allocations (SQLite, OpenCV,
        /// libpng) count too; 0 where this cannot be measured.</summary>
        public long ResidentGrowth { get; private set; }

        /// <summary>False when the job did not finish within <paramref name="timeout"/>.</summary>
        public bool Run(Action action, TimeSpan timeout)
        {
            job = action;
            start.Release();
            return finished.Wait(timeout);
        }

        public void Dispose()
        {
            stopping = true;
            start.Release();
        }

        private void Loop()
        {
            while (true)
            {
                start.Wait();
                if (stopping) return;
                if (watchResident) Monitor.Enter(ResidentWatch);
                try
                {
                    long? residentBefore = watchResident ? ResidentMemory.ResetPeak() : null;
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    long started = Stopwatch.GetTimestamp();
                    try
                    {
                        job!();
                        Error = null;
                    }
                    catch (Exception e)
                    {
                        Error = e;
                    }
                    Allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                    Took = Stopwatch.GetElapsedTime(started);
                    ResidentGrowth = residentBefore is long r && ResidentMemory.Peak() is long peak ? peak - r : 0;
                }
                finally
                {
                    if (watchResident) Monitor.Exit(ResidentWatch);
                }
                finished.Release();
            }
        }
    }

    /// <summary>The process's resident set and its peak, from /proc/self (Linux); null elsewhere.</summary>
    private static class ResidentMemory
    {
        private static bool available = OperatingSystem.IsLinux() && File.Exists("/proc/self/clear_refs");

        /// <summary>Resets the peak to the current resident size and returns that size.</summary>
        public static long? ResetPeak()
        {
            if (!available) return null;
            try
            {
                File.WriteAllText("/proc/self/clear_refs", "5");
                return Status("VmRSS:");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                available = false;
                return null;
            }
        }

        public static long? Peak() => available ? Status("VmHWM:") : null;

        private static long? Status(string key)
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith(key, StringComparison.Ordinal))
                    return long.Parse(line[key.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            return null;
        }
    }
}
