using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace NiceSlam.Fuzzing;

/// <summary>What happened to one input.</summary>
public enum FuzzOutcome
{
    /// <summary>The reader read it completely.</summary>
    ValidRead,

    /// <summary>The reader refused it with its own exception type, naming the file or topic and the reason.</summary>
    CleanRejection,

    /// <summary>Any other exception, or the reader's type without naming the file or topic.</summary>
    Crash,

    /// <summary>Not finished within the hang timeout.</summary>
    Hang,

    /// <summary>More managed memory allocated than the target allows for the input's size (or out of memory).</summary>
    OverAllocation,
}

/// <summary>An input that was not a valid read or a clean rejection.</summary>
public sealed record FuzzFinding(string Target, FuzzOutcome Outcome, long InputNumber, FuzzCase Input, string Detail);

/// <summary>The tally of one target's run.</summary>
public sealed class FuzzReport(string target, string cleanRejection, int seed)
{
    private static readonly Regex Digits = new(@"\d+", RegexOptions.CultureInvariant);
    private readonly Dictionary<string, long> reasons = new(StringComparer.Ordinal);

    public string Target { get; } = target;
    public string CleanRejectionType { get; } = cleanRejection;
    public int Seed { get; } = seed;
    public long Inputs { get; private set; }
    public long ValidReads { get; private set; }
    public long CleanRejections { get; private set; }
    public long Crashes { get; private set; }
    public long Hangs { get; private set; }
    public long OverAllocations { get; private set; }
    public long MaxAllocatedBytes { get; private set; }

    /// <summary>The longest any one input took to read or reject, and that input.</summary>
    public TimeSpan SlowestInput { get; private set; }

    public FuzzCase? SlowestCase { get; private set; }
    public TimeSpan Elapsed { get; internal set; }
    public List<FuzzFinding> Findings { get; } = [];

    /// <summary>True when every input was a valid read or a clean rejection.</summary>
    public bool Clean => Crashes == 0 && Hangs == 0 && OverAllocations == 0;

    /// <summary>Rejection messages with their numbers blanked, most frequent first: what the readers caught.</summary>
    public IEnumerable<(string Reason, long Count)> RejectionReasons =>
        reasons.OrderByDescending(r => r.Value).Select(r => (r.Key, r.Value));

    internal void Count(FuzzOutcome outcome, long allocated, string? rejection, TimeSpan took, FuzzCase input)
    {
        Inputs++;
        if (took > SlowestInput) (SlowestInput, SlowestCase) = (took, input);
        MaxAllocatedBytes = Math.Max(MaxAllocatedBytes, allocated);
        switch (outcome)
        {
            case FuzzOutcome.ValidRead: ValidReads++; break;
            case FuzzOutcome.CleanRejection:
                CleanRejections++;
                if (rejection is not null)
                {
                    string key = Digits.Replace(rejection.Length > 90 ? rejection[..90] : rejection, "#");
                    if (reasons.Count < 2000 || reasons.ContainsKey(key)) reasons[key] = reasons.GetValueOrDefault(key) + 1;
                }
                break;
            case FuzzOutcome.Crash: Crashes++; break;
            case FuzzOutcome.Hang: Hangs++; break;
            default: OverAllocations++; break;
        }
    }

    public static string TableHeader =>
        "target         inputs  valid read  clean rejection  crashes  hangs  over-allocations  max alloc MiB  slowest ms  seconds  inputs/s";

    public string TableRow => string.Create(CultureInfo.InvariantCulture,
        $"{Target,-13} {Inputs,7} {ValidReads,11} {CleanRejections,16} {Crashes,8} {Hangs,6} {OverAllocations,17} {MaxAllocatedBytes / 1048576.0,14:0.0} {SlowestInput.TotalMilliseconds,11:0} {Elapsed.TotalSeconds,8:0.0} {Inputs / Math.Max(1e-9, Elapsed.TotalSeconds),9:0}");

    /// <summary>The row, the findings and (with <paramref name="reasonsShown"/>) the most frequent rejections.</summary>
    public string Describe(int reasonsShown = 0)
    {
        var text = new StringBuilder(TableRow).AppendLine();
        foreach (var f in Findings)
            text.AppendLine(CultureInfo.InvariantCulture, $"  {f.Outcome} at input {f.InputNumber} (seed {Seed}, variant {f.Input.Variant}, {f.Input.Data.Length} bytes): {f.Detail}");
        foreach (var (reason, count) in RejectionReasons.Take(reasonsShown))
            text.AppendLine(CultureInfo.InvariantCulture, $"  {count,7} x {reason}");
        return text.ToString();
    }
}
