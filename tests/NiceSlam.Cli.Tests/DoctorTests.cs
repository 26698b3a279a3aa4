using NiceSlam.Native;
using NiceSlam.Tests;

namespace NiceSlam.Cli.Tests;

public class DoctorTests
{
    [Fact]
    public void Doctor_reports_backend_threads_and_every_native_library_loading()
    {
        var result = CliProcess.NiceSlam("doctor");
        Assert.True(result.ExitCode == 0, result.All);
        string[] lines = result.StdOut.Split('\n');
        foreach (string check in new[] { "glibcxx", "torch", "backend", "opencv", "plotting" })
            Assert.Contains(lines, l => l.StartsWith("ok") && l.Contains(check));
        Assert.Contains(lines, l => l.Contains("intra-op threads"));
        Assert.Contains(lines, l => l.Contains("device in use: CPU", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Help_lists_the_subcommands()
    {
        var result = CliProcess.NiceSlam("--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("doctor", result.StdOut);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void Published_output_carries_the_fix_and_runs()
    {
        string output = Directory.CreateTempSubdirectory("niceslam-publish-").FullName;
        try
        {
            string project = Path.Combine(SharedData.RepositoryRoot, "src", "NiceSlam.Cli", "NiceSlam.Cli.csproj");
            var publish = CliProcess.Run("dotnet", $"publish \"{project}\" -c {CliProcess.Configuration} -o \"{output}\" --nologo", timeoutSeconds: 540);
            Assert.True(publish.ExitCode == 0, publish.All);
            string library = Path.Combine(output, "runtimes", "linux-x64", "native", LibTorchSharpFix.LibraryFileName);
            Assert.True(File.Exists(library), $"published output lacks {library}");
            Assert.Equal(LibTorchSharpFix.SystemNeedsFix(), LibTorchSharpFix.RequirementIsWeak(library));

            var doctor = CliProcess.Run(Path.Combine(output, "nice-slam"), "doctor", timeoutSeconds: 120);
            Assert.True(doctor.ExitCode == 0, doctor.All);
            Assert.Contains("TorchSharp 0.107.0 loaded", doctor.StdOut);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
