using System.Security.Cryptography;
using System.Text;
using NiceSlam.Tests;

namespace NiceSlam.Ros2.Tests;

/// <summary>
/// The project's interface package (msg/, nice_slam_msgs) built with colcon against the ROS 2 install, as a ROS user
/// builds it to echo the node's status and call its services: once per content of msg/ (the install is kept in the
/// temp folder under the hash of its files). <see cref="Environment"/> has it sourced over the base install.
/// </summary>
public static class MessagesWorkspace
{
    private static readonly object Gate = new();
    private static string? install;

    /// <summary>The base install plus nice_slam_msgs.</summary>
    public static IReadOnlyDictionary<string, string> Environment() => Ros2Install.WithOverlay(Path.Combine(Build(), "setup.bash"));

    /// <summary>Builds msg/ if no build of the same files exists; returns the install folder.</summary>
    public static string Build()
    {
        lock (Gate)
        {
            if (install is not null) return install;
            string msg = Path.Combine(SharedData.RepositoryRoot, "msg");
            string root = Path.Combine(Path.GetTempPath(), "niceslam-msgs-" + Hash(msg));
            string setup = Path.Combine(root, "install", "setup.bash");
            if (!File.Exists(setup))
            {
                if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
                Directory.CreateDirectory(root);
                var result = RosProcess.Run("colcon",
                    ["build", "--base-paths", msg, "--build-base", Path.Combine(root, "build"), "--install-base", Path.Combine(root, "install"),
                     "--cmake-args", "-DPython3_EXECUTABLE=/usr/bin/python3", "-DPYTHON_INSTALL_DIR=lib/python3.11/site-packages"],
                    domain: 0, timeout: TimeSpan.FromMinutes(5), workingDirectory: root);
                if (result.ExitCode != 0 || !File.Exists(setup))
                    throw new InvalidOperationException($"colcon build of msg/ failed (colcon, cmake, g++ installed? `bash .ci/setup` installs them):\n{RosProcess.Tail(result.StdOut + result.StdErr)}");
            }
            return install = Path.Combine(root, "install");
        }
    }

    private static string Hash(string folder)
    {
        var all = new StringBuilder();
        foreach (string file in Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            all.Append(Path.GetRelativePath(folder, file)).Append('\0').Append(File.ReadAllText(file)).Append('\0');
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(all.ToString())))[..16].ToLowerInvariant();
    }
}
