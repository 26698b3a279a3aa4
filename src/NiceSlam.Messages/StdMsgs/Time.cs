namespace NiceSlam.Messages.StdMsgs;

/// <summary>builtin_interfaces/msg/Time: seconds and nanoseconds since the epoch (or since the start of sim time).</summary>
public readonly record struct Time(int Sec, uint Nanosec) : IComparable<Time>
{
    public const string TypeName = "builtin_interfaces/msg/Time";

    public long TotalNanoseconds => Sec * 1_000_000_000L + Nanosec;

    public double ToSeconds() => Sec + Nanosec * 1e-9;

    /// <summary>The time nearest to <paramref name="seconds"/> (nanosecond resolution).</summary>
    public static Time FromSeconds(double seconds)
    {
        if (!double.IsFinite(seconds)) throw new ArgumentException($"time must be finite, got {seconds}", nameof(seconds));
        return FromNanoseconds((long)Math.Round(seconds * 1e9));
    }

    public static Time FromNanoseconds(long nanoseconds)
    {
        long sec = Math.DivRem(nanoseconds, 1_000_000_000L, out long ns);
        if (ns < 0) { sec--; ns += 1_000_000_000L; }
        return new Time(checked((int)sec), (uint)ns);
    }

    public int CompareTo(Time other) => TotalNanoseconds.CompareTo(other.TotalNanoseconds);
    public static bool operator <(Time a, Time b) => a.CompareTo(b) < 0;
    public static bool operator >(Time a, Time b) => a.CompareTo(b) > 0;
    public static bool operator <=(Time a, Time b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Time a, Time b) => a.CompareTo(b) >= 0;

    public override string ToString() => FormattableString.Invariant($"{Sec}.{Nanosec:D9}");
}
