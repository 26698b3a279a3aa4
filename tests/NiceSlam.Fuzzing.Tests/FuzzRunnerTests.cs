using NiceSlam.Fuzzing;
using NiceSlam.Fuzzing.Mutation;

namespace NiceSlam.Fuzzing.Tests;

/// <summary>The runner's classification, on a target whose behaviour is set by the input's first byte.</summary>
public class FuzzRunnerTests
{
    /// <param name="costly">Whether behaviours 5 and 6 (a 3 s sleep, 400 MB of native memory) are played.</param>
    private sealed class ScriptedTarget(bool costly = true) : FuzzTarget
    {
        public override string Name => "scripted";
        public override string Description => "test";
        public override string CleanRejection => nameof(InvalidDataException);
        public override IReadOnlyList<FuzzSeed> Seeds { get; } = [new FuzzSeed("s", [0])];
        public override long AllocationAllowance => 1 << 20;
        public override bool CallsNativeCode => true;

        public override void Run(FuzzCase input)
        {
            switch (costly || input.Data[0] < 5 ? input.Data[0] : 0)
            {
                case 1: throw new InvalidDataException("input: bad field");
                case 2: throw new InvalidDataException("");
                case 3: throw new NullReferenceException();
                case 4: GC.KeepAlive(new byte[8 << 20]); break;
                case 5: Thread.Sleep(3000); break;
                case 6:
                {
                    // 400 MB of native memory, touched, as a decoder trusting a size field would take.
                    const int Size = 400 << 20;
                    nint block = System.Runtime.InteropServices.Marshal.AllocHGlobal(Size);
                    try { for (int i = 0; i < Size; i += 4096) System.Runtime.InteropServices.Marshal.WriteByte(block, i, 1); }
                    finally { System.Runtime.InteropServices.Marshal.FreeHGlobal(block); }
                    break;
                }
            }
        }

        public override bool IsCleanRejection(Exception error, FuzzCase input) => error is InvalidDataException && error.Message.StartsWith("input:");
    }

    [Theory]
    [InlineData(0, FuzzOutcome.ValidRead)]
    [InlineData(1, FuzzOutcome.CleanRejection)]
    [InlineData(2, FuzzOutcome.Crash)]          // the reader's type, but not naming the input
    [InlineData(3, FuzzOutcome.Crash)]
    [InlineData(4, FuzzOutcome.OverAllocation)]
    [InlineData(5, FuzzOutcome.Hang)]
    [InlineData(6, FuzzOutcome.OverAllocation)]   // native: seen through the process's resident memory (Linux)
    public void ClassifiesEachOutcome(byte behaviour, FuzzOutcome expected)
    {
        using var target = new ScriptedTarget();
        var timeout = TimeSpan.FromSeconds(behaviour == 5 ? 1 : 60);
        var (outcome, _) = FuzzRunner.RunOne(target, new FuzzCase("s", [behaviour]), timeout);
        Assert.Equal(expected, outcome);
    }

    [Fact]
    public void ARunCountsEveryInputAndStopsAtItsBudget()
    {
        using var target = new ScriptedTarget(costly: false);
        var findings = new List<FuzzFinding>();
        var report = FuzzRunner.Run(target, new FuzzOptions { Seconds = 30, MaxInputs = 400, Seed = 9, OnFinding = findings.Add });
        Assert.Equal(400, report.Inputs);
        Assert.Equal(report.Inputs, report.ValidReads + report.CleanRejections + report.Crashes + report.Hangs + report.OverAllocations);
        Assert.True(report.ValidReads > 0);
        // Mutated single bytes reach the crashing behaviours too, and every such input is reported.
        Assert.Equal(report.Crashes + report.OverAllocations + report.Hangs, findings.Count);
        Assert.All(findings, f => Assert.Equal("scripted", f.Target));
    }
}
