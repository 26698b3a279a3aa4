using NiceSlam.Messages.Cdr;

namespace NiceSlam.Fuzzing.Targets;

/// <summary>
/// The CDR decoders of every message type: a sample of each type serialized little- and big-endian, mutated, and
/// decoded as its type. Clean: <see cref="CdrException"/> naming the offset and the field or type being read (the
/// topic is added by whoever knows it: the bag replay names bag and topic).
/// </summary>
public sealed class CdrMessagesTarget : FuzzTarget
{
    private readonly FuzzSeed[] seeds;

    public CdrMessagesTarget()
    {
        var samples = MessageSamples.All();
        var types = samples.Select(m => CdrSerializer.RosTypeName(m.GetType())).ToHashSet(StringComparer.Ordinal);
        var missing = CdrSerializer.SupportedTypes.Where(t => !types.Contains(t)).ToList();
        if (missing.Count > 0) throw new InvalidOperationException($"no fuzzing sample for {string.Join(", ", missing)}");
        // Variant: "<type> LE|BE <n>" (n counts samples of one type).
        seeds =
        [
            .. samples.Select((m, i) => (Message: m, Number: samples.Take(i).Count(o => o.GetType() == m.GetType()) + 1))
                .SelectMany(s => new[] { false, true }.Select(bigEndian => new FuzzSeed(
                    $"{CdrSerializer.RosTypeName(s.Message.GetType())} {(bigEndian ? "BE" : "LE")} {s.Number}", CdrSerializer.Serialize(s.Message, bigEndian)))),
        ];
    }

    public override string Name => "cdr";

    public override string Description => $"CDR decoders of all {CdrSerializer.SupportedTypes.Count()} message types (XCDR1, both byte orders)";

    public override string CleanRejection => nameof(CdrException);

    public override IReadOnlyList<FuzzSeed> Seeds => seeds;

    public override long AllocationAllowance => 256 << 10;

    public override void Run(FuzzCase input) => CdrSerializer.Deserialize(TypeOf(input), input.Data);

    public override bool IsCleanRejection(Exception error, FuzzCase input) =>
        error is CdrException && error.Message.Length > 0 && (error.Message.Contains("offset", StringComparison.Ordinal)
            || error.Message.Contains("CDR", StringComparison.Ordinal) || error.Message.Contains(TypeOf(input).Split('/')[^1], StringComparison.Ordinal));

    private static string TypeOf(FuzzCase input) => input.Variant.Split(' ')[0];
}
