namespace NiceSlam.Node.Input;

/// <summary>
/// Lets at most one warning a category through per <see cref="Interval"/>, so a broken stream at 30 Hz does
/// not flood the log; the next warning let through reports how many were held back in between. Thread-safe.
/// </summary>
internal sealed class RejectionLogThrottle(TimeProvider time, TimeSpan interval)
{
    private readonly object gate = new();
    private readonly long?[] lastLogged = new long?[Enum.GetValues<InputRejection>().Length];
    private readonly long[] suppressed = new long[Enum.GetValues<InputRejection>().Length];

    public TimeSpan Interval { get; } = interval;

    /// <summary>True when a warning of <paramref name="reason"/> may be logged now; <paramref name="suppressedSince"/>
    /// is then the number held back since the previous one (the counter restarts).</summary>
    public bool TryLog(InputRejection reason, out long suppressedSince)
    {
        int i = (int)reason;
        long now = time.GetTimestamp();
        lock (gate)
        {
            if (lastLogged[i] is long last && time.GetElapsedTime(last, now) < Interval)
            {
                suppressed[i]++;
                suppressedSince = 0;
                return false;
            }
            lastLogged[i] = now;
            suppressedSince = suppressed[i];
            suppressed[i] = 0;
            return true;
        }
    }
}
