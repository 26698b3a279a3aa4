using System.Diagnostics;

namespace NiceSlam.Cli.Tests;

/// <summary>Runs processes for the CLI tests and captures their output.</summary>
public static class CliProcess
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr)
    {
        public string All => StdOut + StdErr;
    }

    /// <summary>The configuration these tests were built in (Debug or Release), so publishes reuse the build.</summary>
    public static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    /// <summary>Runs the nice-slam built next to the tests (its dll is copied here by the project reference).</summary>
    public static Result NiceSlam(string arguments, string? workingDirectory = null, int timeoutSeconds = 300) =>
        Run("dotnet", $"\"{Path.Combine(AppContext.BaseDirectory, "nice-slam.dll")}\" {arguments}", workingDirectory, timeoutSeconds);

    public static Result Run(string fileName, string arguments, string? workingDirectory = null, int timeoutSeconds = 300)
    {
        var info = new ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {arguments} did not finish in {timeoutSeconds} s");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
