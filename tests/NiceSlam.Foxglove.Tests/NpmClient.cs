using System.Diagnostics;
using System.Security.Cryptography;
using NiceSlam.Tests;

namespace NiceSlam.Foxglove.Tests;

/// <summary>The ecosystem's own client (client/: @foxglove/ws-protocol, @foxglove/rosmsg,
/// @foxglove/rosmsg2-serialization on Node.js): installed once with `npm ci` from package-lock.json (again only when
/// the lockfile changes) and started against a server.</summary>
internal static class NpmClient
{
    private static readonly SemaphoreSlim Installing = new(1, 1);
    private static bool installed;

    public static string Folder { get; } = Path.Combine(SharedData.RepositoryRoot, "tests", "NiceSlam.Foxglove.Tests", "client");

    /// <summary>Why the client cannot run here (no node or npm on PATH), or null.</summary>
    public static string? Missing { get; } =
        Executable("node") is null ? "Node.js ('node') is not on PATH: the Foxglove ecosystem client cannot run"
        : Executable("npm") is null ? "'npm' is not on PATH: the Foxglove ecosystem client cannot be installed"
        : null;

    public static async Task EnsureInstalledAsync()
    {
        await Installing.WaitAsync();
        try
        {
            if (installed) return;
            string stamp = Path.Combine(Folder, "node_modules", ".nice-slam-npm-ci");
            string lockHash = Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(Folder, "package-lock.json"))));
            if (!File.Exists(stamp) || await File.ReadAllTextAsync(stamp) != lockHash)
            {
                var (code, output) = await RunAsync(Executable("npm")!, ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5));
                Assert.True(code == 0, $"npm ci failed ({code}):\n{output}");
                await File.WriteAllTextAsync(stamp, lockHash);
            }
            installed = true;
        }
        finally { Installing.Release(); }
    }

    /// <summary>Starts client.js with <paramref name="arguments"/>; stdout lines go to <paramref name="onLine"/>.</summary>
    public static Process Start(IEnumerable<string> arguments, Action<string> onLine, Action<string> onError)
    {
        var start = new ProcessStartInfo(Executable("node")!)
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("client.js");
        foreach (var a in arguments) start.ArgumentList.Add(a);
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) onLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) onError(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, string[] arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try { await process.WaitForExitAsync(cancel.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"timed out after {timeout}\n{await stdout}\n{await stderr}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string? Executable(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}

/// <summary>A fact that runs the npm client; skipped, with the reason, where node or npm is missing.</summary>
public sealed class NpmClientFactAttribute : FactAttribute
{
    public NpmClientFactAttribute()
    {
        if (NpmClient.Missing is { } reason) Skip = reason;
    }
}
