using System.Diagnostics;
using NiceSlam.Tests;

namespace NiceSlam.Ros2.Tests;

/// <summary>
/// The ROS 2 Humble install the real-ROS tests run against (<see cref="SharedRos2"/>: ../shared/ros2 beside the
/// repository, unpacked once to /opt/ros/humble) and its sourced environment (setup.bash) for child processes. The Debian packages it needs at run time come from `.ci/setup`.
/// Every child process gets ../shared/ros2/cyclone-loopback.xml: DDS on 127.0.0.1 only, no multicast.
/// </summary>
public static class Ros2Install
{
    public const string Prefix = SharedRos2.BasePrefix;
    private static readonly object Gate = new();
    private static IReadOnlyDictionary<string, string>? environment;
    private static string? failure;

    /// <summary>../shared/ros2 (or NICESLAM_SHARED_ROS2), when it holds the archive; null otherwise.</summary>
    public static string? Folder { get; } = SharedRos2.HasBase ? SharedRos2.Folder : null;

    /// <summary>The loopback-only Cyclone DDS configuration every child process uses.</summary>
    public static string CycloneConfigFile => Path.Combine(Folder ?? throw new InvalidOperationException("no ../shared/ros2"), "cyclone-loopback.xml");

    /// <summary>Why the real-ROS tests cannot run here, or null when the archive is present (whether it unpacks and
    /// runs is checked by <see cref="Environment"/>, which fails the test with the reason).</summary>
    public static string? SkipReason => Folder is null
        ? $"ROS 2 not available: ../shared/ros2/{SharedRos2.BaseArchive} beside the repository (or NICESLAM_SHARED_ROS2) is absent"
        : null;

    /// <summary>The environment of a shell that sourced the install's setup.bash (unpacking it first if needed),
    /// with Debian's python3 first on PATH (the ros2 scripts start with #!/usr/bin/python3).</summary>
    /// <exception cref="InvalidOperationException">The install cannot be unpacked or sourced, or rclpy does not import
    /// (runtime packages missing: run `bash .ci/setup`).</exception>
    public static IReadOnlyDictionary<string, string> Environment()
    {
        lock (Gate)
        {
            if (environment is not null) return environment;
            if (failure is not null) throw new InvalidOperationException(failure);
            try
            {
                SharedRos2.EnsureBase();
                environment = Source();
                var check = RosProcess.Run("/usr/bin/python3", ["-c", "import rclpy, rosbag2_py, tf2_ros; print('ok')"], domain: 0, timeout: TimeSpan.FromSeconds(60));
                if (check.ExitCode != 0 || !check.StdOut.Contains("ok", StringComparison.Ordinal))
                    throw new InvalidOperationException($"the ROS 2 install does not run here (rclpy does not import: are its runtime packages installed? `bash .ci/setup` installs them): {check.StdErr.Trim()}");
                return environment;
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                environment = null;
                failure = e.Message;
                throw new InvalidOperationException(failure, e);
            }
        }
    }

    /// <summary>The environment with <paramref name="overlaySetup"/> (a colcon install's setup.bash) sourced after
    /// the base install.</summary>
    public static IReadOnlyDictionary<string, string> WithOverlay(string overlaySetup)
    {
        Environment();
        lock (Gate)
        {
            if (overlays.TryGetValue(overlaySetup, out var known)) return known;
            var env = Source($"source '{overlaySetup}' && ");
            overlays[overlaySetup] = env;
            return env;
        }
    }

    private static readonly Dictionary<string, IReadOnlyDictionary<string, string>> overlays = new(StringComparer.Ordinal);


    private static Dictionary<string, string> Source(string then = "")
    {
        var result = Shell($"source '{Prefix}/setup.bash' && {then}env -0", TimeSpan.FromMinutes(1));
        if (result.ExitCode != 0) throw new InvalidOperationException($"sourcing {Prefix}/setup.bash failed: {result.StdErr.Trim()}");
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string entry in result.StdOut.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = entry.IndexOf('=');
            if (eq > 0) env[entry[..eq]] = entry[(eq + 1)..];
        }
        if (!env.ContainsKey("AMENT_PREFIX_PATH")) throw new InvalidOperationException($"{Prefix}/setup.bash set no AMENT_PREFIX_PATH");
        return env;
    }

    /// <summary>bash -c with Debian's tools first on PATH (no pyenv python ahead of /usr/bin/python3).</summary>
    private static (int ExitCode, string StdOut, string StdErr) Shell(string script, TimeSpan timeout)
    {
        var info = new ProcessStartInfo("/bin/bash", ["-c", script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["PATH"] = RosProcess.SystemPath;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start bash");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"'{script}' did not finish in {timeout.TotalSeconds:0} s");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}

/// <summary>A fact that needs the ROS 2 install in ../shared/ros2; skipped with the reason when it is absent.</summary>
public sealed class Ros2FactAttribute : FactAttribute
{
    public Ros2FactAttribute()
    {
        if (Ros2Install.SkipReason is { } reason) Skip = reason;
    }
}
