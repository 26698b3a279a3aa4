using NiceSlam.Fuzzing;

namespace NiceSlam.Fuzzing.Tests;

/// <summary>One target of each kind for all the kept inputs (targets write their seeds when made).</summary>
public sealed class RegressionTargets : IDisposable
{
    private readonly Dictionary<string, FuzzTarget> targets = new(StringComparer.Ordinal);

    public FuzzTarget Get(string name)
    {
        lock (targets)
        {
            if (!targets.TryGetValue(name, out var target)) targets[name] = target = FuzzTargets.Create(name);
            return target;
        }
    }

    public void Dispose()
    {
        foreach (var target in targets.Values) target.Dispose();
    }
}

/// <summary>Every input fuzzing ever found crashing, hanging or over-allocating a reader (Regressions/&lt;target&gt;/),
/// or written by hand to attack one (deep nesting): each must now be a valid read or a clean rejection.</summary>
public class RegressionTests(RegressionTargets targets) : IClassFixture<RegressionTargets>
{
    private static string Folder => Path.Combine(AppContext.BaseDirectory, "Regressions");

    public static TheoryData<string> Files =>
        [.. Directory.EnumerateFiles(Folder, "*.fuzz", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Folder, f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Files))]
    public void KeptInputIsReadOrRejectedCleanly(string file)
    {
        var (name, input) = RegressionInput.Load(Path.Combine(Folder, file));
        Assert.Equal(Path.GetDirectoryName(file), name);
        var (outcome, detail) = FuzzRunner.RunOne(targets.Get(name), input);
        Assert.True(outcome is FuzzOutcome.ValidRead or FuzzOutcome.CleanRejection, $"{file}: {outcome}: {detail}");
    }

    [Fact]
    public void EveryTargetHasRegressionInputsOrNone()
    {
        // The folders are named after targets that exist (a renamed target would silently skip its inputs).
        foreach (string folder in Directory.EnumerateDirectories(Folder))
            Assert.Contains(Path.GetFileName(folder), FuzzTargets.Names);
    }

    [Fact]
    public void SavedInputsLoadBackExactly()
    {
        string folder = Directory.CreateTempSubdirectory("niceslam-fuzz-save-").FullName;
        try
        {
            var input = new FuzzCase("v5", [0, 10, 255, (byte)'\n', 42]);
            string path = RegressionInput.Save(new FuzzFinding("metadata", FuzzOutcome.Crash, 7, input, "x"), folder);
            Assert.StartsWith(Path.Combine(folder, "metadata"), path);
            var (target, loaded) = RegressionInput.Load(path);
            Assert.Equal("metadata", target);
            Assert.Equal(input.Variant, loaded.Variant);
            Assert.Equal(input.Data, loaded.Data);
            File.WriteAllText(path, "something else\n");
            Assert.Throws<InvalidDataException>(() => RegressionInput.Load(path));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }
}
