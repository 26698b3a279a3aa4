using System.Globalization;
using NiceSlam.Fuzzing;
using Xunit.Abstractions;

namespace NiceSlam.Fuzzing.Tests;

/// <summary>
/// Each fuzz target for a few seconds with a fixed seed (NICESLAM_FUZZ_SECONDS overrides the time; `nice-slam fuzz`
/// runs them longer): every mutated input must be read validly or rejected cleanly; none may crash, hang or
/// allocate beyond the target's bound. A failing input is saved under the test's output folder and named in the
/// failure, to be kept in Regressions/.
/// </summary>
[Trait("Category", "Slow")]
public class FuzzTargetTests(ITestOutputHelper output)
{
    private static double Seconds =>
        double.TryParse(Environment.GetEnvironmentVariable("NICESLAM_FUZZ_SECONDS"), NumberStyles.Float, CultureInfo.InvariantCulture, out double s) ? s : 5;

    public static TheoryData<string> Targets => [.. FuzzTargets.Names];

    [Theory]
    [MemberData(nameof(Targets))]
    public void EveryMutatedInputIsReadOrRejectedCleanly(string name)
    {
        using var target = FuzzTargets.Create(name);
        string kept = Path.Combine(AppContext.BaseDirectory, "fuzz-findings");
        var saved = new List<string>();
        var report = FuzzRunner.Run(target, new FuzzOptions { Seconds = Seconds, Seed = 20240601, OnFinding = f => saved.Add(RegressionInput.Save(f, kept)) });
        output.WriteLine(FuzzReport.TableHeader);
        output.WriteLine(report.Describe(reasonsShown: 8));

        Assert.True(report.Clean, $"{name}: {report.Crashes} crashes, {report.Hangs} hangs, {report.OverAllocations} over-allocations; inputs kept in:\n"
            + string.Join('\n', saved) + "\n" + report.Describe());
        // The run did something: enough inputs, and mutations both pass and get caught.
        Assert.True(report.Inputs >= 50, $"{name}: only {report.Inputs} inputs in {Seconds} s");
        Assert.True(report.ValidReads > 0, $"{name}: no mutated input was a valid read");
        Assert.True(report.CleanRejections > 0, $"{name}: no mutated input was rejected");
    }

    [Fact]
    public void EveryTargetNamesItsSeedsAndRejection()
    {
        foreach (string name in FuzzTargets.Names)
        {
            using var target = FuzzTargets.Create(name);
            Assert.Equal(name, target.Name);
            Assert.NotEmpty(target.Seeds);
            Assert.EndsWith("Exception", target.CleanRejection);
            Assert.Equal(target.Seeds.Count, target.Seeds.Select(s => s.Variant).Distinct().Count());
        }
        Assert.Throws<ArgumentException>(() => FuzzTargets.Create("nothing"));
    }
}
