using System.Diagnostics;
using NiceSlam.Tests;

namespace NiceSlam.RosEdge.Tests;

/// <summary>
/// The rcldotnet workspace built by ros2_ws/build.sh against the shared install, once per content of its inputs:
/// unpacks the base to /opt/ros/humble when it is not there, the overlay into the cache folder, and builds into
/// <c>ws-&lt;hash&gt;</c> there, the hash taken over the sources the build reads (src/, msg/, launch/, the build
/// script and files, the overlay archive); a later run with the same inputs reuses it. Older workspaces are removed
/// (each holds the published node twice, about 1.2 GB).
/// </summary>
public sealed class RosEdgeWorkspace
{
    private static readonly string[] Inputs =
        ["src", "msg", "launch", "ros2_ws/build.sh", "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "NuGet.config", "global.json"];

    private readonly Lazy<string> workspace;

    public RosEdgeWorkspace() => workspace = new Lazy<string>(Prepare, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The workspace folder (install/setup.bash in it); built on first use.</summary>
    public string Folder => workspace.Value;

    public string RosDotnet { get; private set; } = "";

    /// <summary>What preparing the workspace did and how long it took.</summary>
    public string Report { get; private set; } = "";

    /// <summary>The environment every ROS process of the tests runs in: Debian's python3 first on PATH, no inherited
    /// ROS variables, loopback-only Cyclone DDS, the given domain.</summary>
    public void Configure(ProcessStartInfo start, int domainId)
    {
        string dotnetDir = Path.GetDirectoryName(Path.GetFullPath(ResolveDotnet()))!;
        start.Environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:" + dotnetDir;
        foreach (string name in new[] { "PYTHONPATH", "AMENT_PREFIX_PATH", "CMAKE_PREFIX_PATH", "COLCON_PREFIX_PATH", "LD_LIBRARY_PATH", "ROS_DISTRO", "RMW_IMPLEMENTATION", "ROS_LOCALHOST_ONLY" })
            start.Environment.Remove(name);
        start.Environment["CYCLONEDDS_URI"] = "file://" + Path.Combine(SharedRos2.Folder, "cyclone-loopback.xml");
        start.Environment["ROS_DOMAIN_ID"] = domainId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
    }

    /// <summary>bash that sources the workspace and then execs <paramref name="command"/> (same process id) with
    /// SIGINT at its default disposition (a test host started in the background has it ignored, and children
    /// inherit that).</summary>
    public ProcessStartInfo Command(string command, int domainId)
    {
        var start = new ProcessStartInfo("/bin/bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"set +u; source '{Folder}/install/setup.bash' || exit 97; exec /usr/bin/env --default-signal=INT {command}");
        Configure(start, domainId);
        return start;
    }

    private string Prepare()
    {
        var watch = Stopwatch.StartNew();
        var report = new List<string>();
        string shared = SharedRos2.Folder;
        Directory.CreateDirectory(RosEdgeEnvironment.CacheRoot);
        using var cacheLock = Lock(Path.Combine(RosEdgeEnvironment.CacheRoot, "lock"));

        // The base install, shared with the other real-ROS tests (unpacked once, under a lock, by the archive's hash).
        SharedRos2.EnsureBase();

        string overlayArchive = Path.Combine(shared, RosEdgeEnvironment.OverlayArchive);
        string overlayHash = SharedRos2.FileHash(overlayArchive);
        RosDotnet = Path.Combine(RosEdgeEnvironment.CacheRoot, "ros2_dotnet-" + overlayHash[..12]);
        if (!File.Exists(Path.Combine(RosDotnet, ".unpacked")))
        {
            if (Directory.Exists(RosDotnet)) Directory.Delete(RosDotnet, recursive: true);
            Directory.CreateDirectory(RosDotnet);
            Unpack(overlayArchive, RosDotnet);
            File.WriteAllText(Path.Combine(RosDotnet, ".unpacked"), overlayHash);
            report.Add($"unpacked the overlay to {RosDotnet}");
        }

        string repo = SharedData.RepositoryRoot;
        string hash = RosEdgeEnvironment.TreeHash(repo, Inputs);
        string folder = Path.Combine(RosEdgeEnvironment.CacheRoot, "ws-" + (hash + overlayHash)[..16]);
        string stamp = Path.Combine(folder, ".built");
        if (File.Exists(stamp))
        {
            Report = $"workspace {folder} reused (inputs unchanged); {string.Join("; ", report)}";
            return folder;
        }
        foreach (string old in Directory.EnumerateDirectories(RosEdgeEnvironment.CacheRoot, "ws-*"))
            if (old != folder) Directory.Delete(old, recursive: true);

        var start = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = repo };
        start.ArgumentList.Add(Path.Combine(repo, "ros2_ws", "build.sh"));
        start.Environment["NICE_SLAM_WS"] = folder;
        start.Environment["ROS_BASE"] = SharedRos2.BasePrefix;
        start.Environment["ROS_DOTNET"] = RosDotnet;
        Configure(start, 0);
        var build = Stopwatch.StartNew();
        var (exitCode, output) = RunToEnd(start, TimeSpan.FromMinutes(30));
        File.WriteAllText(Path.Combine(RosEdgeEnvironment.CacheRoot, "last-build.log"), output);
        if (exitCode != 0)
            throw new InvalidOperationException($"ros2_ws/build.sh failed (exit {exitCode}); its output ends:\n{Tail(output, 4000)}");
        File.WriteAllText(stamp, hash);
        report.Add($"built {folder} with ros2_ws/build.sh in {build.Elapsed.TotalSeconds:0} s");
        Report = string.Join("; ", report) + $" ({watch.Elapsed.TotalSeconds:0} s in all)";
        return folder;
    }

    private static void Unpack(string archive, string into)
    {
        var start = new ProcessStartInfo("/bin/tar") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { "-C", into, "-I", "zstd", "-xf", archive }) start.ArgumentList.Add(a);
        var (exitCode, output) = RunToEnd(start, TimeSpan.FromMinutes(5));
        if (exitCode != 0) throw new InvalidOperationException($"unpacking {archive} into {into} failed: {output}");
    }

    /// <summary>Runs a process to its end (killed at <paramref name="timeout"/>); its exit code and output.</summary>
    internal static (int ExitCode, string Output) RunToEnd(ProcessStartInfo start, TimeSpan timeout)
    {
        using var process = new Process { StartInfo = start };
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            lock (output) return (-1, output + $"\n(killed after {timeout.TotalSeconds:0} s)");
        }
        process.WaitForExit();
        lock (output) return (process.ExitCode, output.ToString());
    }

    internal static string Tail(string text, int length) => text.Length <= length ? text : "..." + text[^length..];

    private static string ResolveDotnet()
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, "dotnet");
            if (File.Exists(candidate)) return new FileInfo(candidate).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? candidate;
        }
        return Environment.ProcessPath ?? "/usr/bin/dotnet";
    }

    /// <summary>An exclusive lock on a file, held until disposed: test processes that run at once build one at a time.</summary>
    private static FileStream Lock(string path)
    {
        for (var deadline = DateTime.UtcNow.AddMinutes(40); ; Thread.Sleep(1000))
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (DateTime.UtcNow < deadline) { }
        }
    }
}
