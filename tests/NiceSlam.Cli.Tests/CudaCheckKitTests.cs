using NiceSlam.Tests;

namespace NiceSlam.Cli.Tests;

/// <summary>The CUDA check kit (tools/cuda-check) without a GPU: the packing, its exclusions and size check, and the
/// run script's CPU path, on the application these tests were built with (packed fast, no data).</summary>
[Trait("Category", "Slow")]
public sealed class CudaCheckKitTests : IClassFixture<CudaCheckKitTests.PackedKit>
{
    private readonly PackedKit kit;

    public CudaCheckKitTests(PackedKit kit) => this.kit = kit;

    /// <summary>Packs once for the class: the tests' own output folder as the application, fake TorchSharp sources.</summary>
    public sealed class PackedKit : IDisposable
    {
        public string Root { get; } = Directory.CreateTempSubdirectory("niceslam-kit-test").FullName;
        public string Kit => Path.Combine(Root, "kit");
        public string Sources => Path.Combine(Root, "torchsharp");
        internal CliProcess.Result Pack { get; }

        public PackedKit()
        {
            Directory.CreateDirectory(Path.Combine(Sources, "src", "Native", "LibTorchSharp"));
            File.WriteAllText(Path.Combine(Sources, "src", "Native", "LibTorchSharp", "THSTensor.cpp"), "// stand-in\n");
            Pack = PackScript($"--app \"{AppContext.BaseDirectory}\" --torchsharp \"{Sources}\" --no-data --fast --kit \"{Kit}\"");
        }

        internal static CliProcess.Result PackScript(string arguments) =>
            CliProcess.Run("bash", $"\"{Script("pack.sh")}\" {arguments}", SharedData.RepositoryRoot, timeoutSeconds: 600);

        public void Dispose() => Directory.Delete(Root, recursive: true);
    }

    private static string Script(string name) => Path.Combine(SharedData.RepositoryRoot, "tools", "cuda-check", name);

    [Fact]
    public void PackingKeepsTheApplicationAndTheSourcesButNoLibtorchLibTorchSharpOrOpenCv()
    {
        Assert.True(kit.Pack.ExitCode == 0, kit.Pack.All);
        string archive = Path.Combine(kit.Kit, "app.tar.gz");
        var listing = CliProcess.Run("tar", $"-tzf \"{archive}\"");
        Assert.Equal(0, listing.ExitCode);
        var names = listing.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(n => Path.GetFileName(n.TrimEnd('/'))).ToHashSet();
        Assert.Contains("nice-slam.dll", names);
        Assert.Contains("TorchSharp.dll", names);
        Assert.Contains("libSkiaSharp.so", names);
        Assert.DoesNotContain(names, n => n.StartsWith("libtorch", StringComparison.Ordinal) || n.StartsWith("libc10", StringComparison.Ordinal));
        Assert.DoesNotContain("libLibTorchSharp.so", names);
        Assert.DoesNotContain("libOpenCvSharpExtern.so", names);
        Assert.True(File.Exists(Path.Combine(kit.Kit, "torchsharp-native", "LibTorchSharp", "THSTensor.cpp")));
        Assert.Equal("0.107.0", File.ReadAllText(Path.Combine(kit.Kit, "torchsharp-native", "TORCHSHARP_VERSION")).Trim());
    }

    [Fact]
    public void TheManifestStatesTheCarriedSizeAgainstTheLimit()
    {
        Assert.True(kit.Pack.ExitCode == 0, kit.Pack.All);
        string manifest = File.ReadAllText(Path.Combine(kit.Kit, "MANIFEST.txt"));
        var line = manifest.Split('\n').Single(l => l.StartsWith("kit bytes:", StringComparison.Ordinal));
        long kitBytes = long.Parse(line.Split(';')[0].Split(':')[1].Trim());
        long onDisk = Directory.EnumerateFiles(kit.Kit, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Assert.InRange(kitBytes, onDisk, onDisk + 1024 * 1024);   // du counts folders too
        Assert.Contains("MiB of 64", line);
    }

    [Fact]
    public void PackingOverTheCarryLimitFailsAndSaysSo()
    {
        string other = Path.Combine(kit.Root, "over-limit");
        var result = PackedKit.PackScript($"--app \"{AppContext.BaseDirectory}\" --torchsharp \"{kit.Sources}\" --no-data --fast --kit \"{other}\" --limit-mib 1");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("over the 1 MiB carry limit", result.StdErr);
    }

    [Fact]
    public void TheCheckRunsItsCpuPathAndWritesTheSummaryAndResults()
    {
        Assert.True(kit.Pack.ExitCode == 0, kit.Pack.All);
        string natives = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");
        string output = Path.Combine(kit.Root, "results");
        var result = CliProcess.Run("bash", $"\"{Script("run.sh")}\" --kit \"{kit.Kit}\" --cpu-only --smoke --libtorch \"{natives}\" "
            + $"--libtorchsharp \"{Path.Combine(natives, "libLibTorchSharp.so")}\" --out \"{output}\"", SharedData.RepositoryRoot, timeoutSeconds: 600);
        Assert.True(result.ExitCode == 0, result.All);
        string summary = File.ReadAllText(Path.Combine(output, "summary.md"));
        Assert.Contains("| bench-cpu | ok |", summary);
        Assert.Contains("| synthetic-cpu | ok |", summary);
        // The figures table comes from the run's own report: 3 synthetic frames tracked on the CPU, with an ATE.
        var row = summary.Split('\n').Single(l => l.StartsWith("| synthetic-cpu | cpu |", StringComparison.Ordinal));
        var cells = row.Split('|', StringSplitOptions.TrimEntries);
        Assert.Equal("3", cells[4]);
        Assert.True(double.TryParse(cells[5], System.Globalization.CultureInfo.InvariantCulture, out double ate) && ate >= 0, row);
        Assert.True(new FileInfo(Path.Combine(output, "results.tar.gz")).Length > 0);
    }
}
