namespace NiceSlam.Foxglove;

/// <summary>Lets a repeated log line through at most once per interval and says how many were held back.</summary>
internal sealed class LogThrottle(TimeSpan interval)
{
    private readonly object gate = new();
    private long lastTicks = long.MinValue;
    private long suppressed;

    /// <summary>True when a line may be logged now; <paramref name="held"/> is how many were held back since the last.</summary>
    public bool Allow(out long held)
    {
        long now = Environment.TickCount64;
        lock (gate)
        {
            if (lastTicks != long.MinValue && now - lastTicks < (long)interval.TotalMilliseconds)
            {
                suppressed++;
                held = 0;
                return false;
            }
            lastTicks = now;
            held = suppressed;
            suppressed = 0;
            return true;
        }
    }
}
