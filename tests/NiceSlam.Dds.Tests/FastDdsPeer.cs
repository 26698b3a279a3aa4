using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace NiceSlam.Dds.Tests;

/// <summary>
/// The independent Fast DDS 2.9 peer (FastDdsPeer/peer.cpp, types from fastddsgen on FastDdsPeer/ros_types.idl),
/// compiled on first use into the test output folder (kept per source hash, so later runs reuse it), and run as a
/// child process that talks over standard input/output.
/// </summary>
internal sealed class FastDdsPeer : IDisposable
{
    private static readonly string SourceDir = Path.Combine(AppContext.BaseDirectory, "FastDdsPeer");
    private static readonly Lazy<Task<string>> Executable = new(() => Task.Run(Build), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Process process;
    private readonly List<string> stdout = [];
    private readonly StringBuilder stderr = new();

    private FastDdsPeer(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) { stdout.Add(e.Data); Monitor.PulseAll(stdout); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Seconds the last build took (0 when a cached build was reused).</summary>
    public static double BuildSeconds { get; private set; }

    /// <summary>Null when fastddsgen, g++ and the Fast DDS headers are there; else what to install.</summary>
    public static string? MissingToolchain()
    {
        string[] missing =
        [
            .. OnPath("fastddsgen") ? [] : new[] { "fastddsgen (apt-get install fastddsgen)" },
            .. OnPath("g++") ? [] : new[] { "g++ (apt-get install g++)" },
            .. File.Exists("/usr/include/fastdds/dds/domain/DomainParticipant.hpp") ? [] : new[] { "Fast DDS 2.9 headers (apt-get install libfastrtps-dev)" },
        ];
        return missing.Length == 0 ? null : "the Fast DDS peer cannot be built here; missing: " + string.Join(", ", missing) + " (`bash .ci/setup` installs them)";
    }

    /// <summary>Starts building the peer in the background (test discovery does, so that the build overlaps the
    /// tests that run before the ones needing it).</summary>
    public static void BuildInBackground() => _ = Executable.Value;

    /// <summary>Builds the peer now (or waits for the build, or finds it built); returns the executable's path.</summary>
    public static string EnsureBuilt() => Executable.Value.GetAwaiter().GetResult();

    public static FastDdsPeer Start(params string[] arguments)
    {
        var info = new ProcessStartInfo(EnsureBuilt())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        return new FastDdsPeer(Process.Start(info) ?? throw new InvalidOperationException("could not start the Fast DDS peer"));
    }

    /// <summary>Waits for a line on the peer's standard output that starts with <paramref name="prefix"/>.</summary>
    public string WaitForLine(string prefix, TimeSpan timeout)
    {
        var end = DateTime.UtcNow + timeout;
        lock (stdout)
            while (true)
            {
                var line = stdout.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
                if (line is not null) return line;
                if (process.HasExited && !stdout.Any(l => l.StartsWith(prefix, StringComparison.Ordinal)))
                {
                    Monitor.Wait(stdout, 200);
                    line = stdout.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
                    if (line is not null) return line;
                    throw new InvalidOperationException($"the Fast DDS peer exited ({process.ExitCode}) before '{prefix}': {Describe()}");
                }
                var left = end - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) throw new TimeoutException($"the Fast DDS peer did not print '{prefix}' within {timeout.TotalSeconds} s: {Describe()}");
                Monitor.Wait(stdout, left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
            }
    }

    /// <summary>Sends "stop" and waits for the peer to exit; returns its exit code.</summary>
    public int Stop(TimeSpan timeout)
    {
        if (!process.HasExited)
        {
            process.StandardInput.WriteLine("stop");
            process.StandardInput.Flush();
        }
        if (!process.WaitForExit(timeout)) throw new TimeoutException($"the Fast DDS peer did not exit within {timeout.TotalSeconds} s: {Describe()}");
        process.WaitForExit();
        return process.ExitCode;
    }

    public string Describe()
    {
        string output, error;
        lock (stdout) output = string.Join(" | ", stdout);
        lock (stderr) error = stderr.ToString().Trim();
        return $"stdout: {output}; stderr: {error}";
    }

    public void Dispose()
    {
        try { if (!process.HasExited) process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        process.Dispose();
    }

    private static string Build()
    {
        if (MissingToolchain() is { } missing) throw new InvalidOperationException(missing);
        string[] sources = ["ros_types.idl", "peer.cpp"];
        string hash = Convert.ToHexString(SHA256.HashData(sources.SelectMany(s => File.ReadAllBytes(Path.Combine(SourceDir, s))).ToArray()))[..16].ToLowerInvariant();
        string dir = Path.Combine(SourceDir, "build-" + hash);
        string exe = Path.Combine(dir, "peer");
        if (File.Exists(exe)) return exe;
        var watch = Stopwatch.StartNew();
        string work = dir + ".tmp-" + Environment.ProcessId;
        if (Directory.Exists(work)) Directory.Delete(work, true);
        Directory.CreateDirectory(work);
        foreach (var s in sources) File.Copy(Path.Combine(SourceDir, s), Path.Combine(work, s));
        Run("fastddsgen", work, "-replace", "ros_types.idl");
        // Three translation units compiled side by side, then linked against Fast DDS and Fast CDR.
        var compiles = new[] { "ros_types.cxx", "ros_typesPubSubTypes.cxx", "peer.cpp" }
            .Select(src => Task.Run(() => Run("g++", work, "-std=c++17", "-O0", "-w", "-c", src, "-o", Path.ChangeExtension(src, ".o"))))
            .ToArray();
        Task.WaitAll(compiles);
        Run("g++", work, "-o", "peer", "ros_types.o", "ros_typesPubSubTypes.o", "peer.o", "-lfastrtps", "-lfastcdr", "-lpthread");
        try { Directory.Move(work, dir); }
        catch (IOException) when (File.Exists(exe)) { Directory.Delete(work, true); } // another process built it meanwhile
        BuildSeconds = watch.Elapsed.TotalSeconds;
        return exe;
    }

    private static void Run(string file, string directory, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        using var p = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5))) { p.Kill(true); throw new TimeoutException($"{file} {string.Join(' ', arguments)} took over 5 minutes"); }
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"building the Fast DDS peer: {file} {string.Join(' ', arguments)} failed ({p.ExitCode}): {error.Result}{output.Result}");
    }

    private static bool OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(d => File.Exists(Path.Combine(d, name)));
}
