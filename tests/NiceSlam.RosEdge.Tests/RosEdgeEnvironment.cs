using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using NiceSlam.Tests;

namespace NiceSlam.RosEdge.Tests;

/// <summary>
/// The ROS 2 install these tests run against: ROS 2 Humble and the ros2_dotnet overlay from ../shared/ros2 beside the
/// repository (NICESLAM_SHARED_ROS2 overrides it), and the tools ros2_ws/build.sh needs. <see cref="Missing"/> says
/// what is absent (the tests skip with it).
/// </summary>
public static class RosEdgeEnvironment
{
    public const string OverlayArchive = "ros2_dotnet-humble-debian12-x64.tar.zst";

    /// <summary>Why the tests cannot run here, or null.</summary>
    public static string? Missing { get; } = FindMissing();

    /// <summary>The folder this machine's test runs keep the unpacked overlay and the built workspaces in.</summary>
    public static string CacheRoot { get; } = Path.Combine(Path.GetTempPath(), "nice-slam-ros-edge");

    private static string? FindMissing()
    {
        foreach (string archive in new[] { SharedRos2.BaseArchive, OverlayArchive })
            if (!File.Exists(Path.Combine(SharedRos2.Folder, archive)))
                return $"the ROS 2 install is not here: {Path.Combine(SharedRos2.Folder, archive)} is absent (../shared/ros2 beside the repository, or NICESLAM_SHARED_ROS2)";
        if (!OperatingSystem.IsLinux()) return "the shared ROS 2 install is for Linux x86-64";
        var tools = new (string Path, string Package)[]
        {
            ("/usr/bin/python3", "python3"), ("/usr/bin/zstd", "zstd"), ("/usr/bin/colcon", "colcon python3-colcon-ros python3-colcon-cmake"),
            ("/usr/bin/cmake", "cmake"), ("/usr/bin/g++", "g++"),
        };
        foreach (var (tool, package) in tools)
            if (!File.Exists(tool)) return $"{tool} is missing (apt install {package}; ../shared/ros2/README.md)";
        string? python = Run("/usr/bin/python3", "-c \"import colcon_bash, colcon_ros, numpy, yaml, lark, catkin_pkg\"");
        if (python is not null)
            return "Python modules for colcon/rclpy are missing (apt install python3-colcon-bash python3-colcon-ros python3-numpy python3-yaml python3-lark python3-catkin-pkg; ../shared/ros2/README.md): " + python;
        if (!File.Exists("/usr/lib/x86_64-linux-gnu/cmake/spdlog/spdlogConfig.cmake"))
            return "spdlog's CMake package is missing (apt install libspdlog-dev: rcl's CMake config finds it)";
        if (!Directory.EnumerateFiles("/usr/lib/x86_64-linux-gnu", "libddsc.so*").Any())
            return "Cyclone DDS is missing (apt install libddsc0debian; ../shared/ros2/README.md)";
        if (Run("dotnet", "--version") is { } dotnet) return "the .NET SDK is not on PATH: " + dotnet;
        return null;
    }

    /// <summary>Runs a short command; null when it exits 0, else what it said.</summary>
    internal static string? Run(string file, string arguments)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            string err = p.StandardError.ReadToEnd();
            p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 ? null : err.Trim();
        }
        catch (Exception e)
        {
            return e.Message;
        }
    }


    /// <summary>SHA-256 (hex) over the relative paths and contents of the files under <paramref name="roots"/>
    /// (folders or files, relative to <paramref name="baseDir"/>), leaving out bin/ and obj/.</summary>
    internal static string TreeHash(string baseDir, IEnumerable<string> roots)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (string root in roots)
        {
            string full = Path.Combine(baseDir, root);
            IEnumerable<string> files = File.Exists(full) ? [full]
                : Directory.Exists(full) ? Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories) : [];
            foreach (string file in files.Order(StringComparer.Ordinal))
            {
                string relative = Path.GetRelativePath(baseDir, file).Replace('\\', '/');
                if (relative.Split('/').Any(part => part is "bin" or "obj" or "__pycache__")) continue;
                sha.AppendData(Encoding.UTF8.GetBytes(relative + "\n"));
                sha.AppendData(File.ReadAllBytes(file));
            }
        }
        return Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant();
    }
}

/// <summary>A fact that needs the shared ROS 2 install and the build tools; skipped with the reason otherwise.</summary>
public sealed class RosEdgeFactAttribute : FactAttribute
{
    public RosEdgeFactAttribute()
    {
        if (RosEdgeEnvironment.Missing is { } missing) Skip = missing;
    }
}
