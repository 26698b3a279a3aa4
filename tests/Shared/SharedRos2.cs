using System.Diagnostics;
using System.Security.Cryptography;

namespace NiceSlam.Tests;

/// <summary>
/// The ROS 2 Humble build for this machine kind in ../shared/ros2 beside the repository (NICESLAM_SHARED_ROS2
/// overrides the folder), for every test project that runs against ROS 2: where it is, and its unpacking, once, into
/// /opt/ros/humble, where it was built to live. A stamp file holds the archive's SHA-256 (a changed archive is
/// unpacked again) and a lock file keeps test processes running side by side from unpacking at the same time.
/// </summary>
public static class SharedRos2
{
    public const string BaseArchive = "ros2-humble-debian12-x64.tar.zst";

    /// <summary>Where the base install must live: it was built for /opt/ros/humble.</summary>
    public const string BasePrefix = "/opt/ros/humble";

    private const string StampName = ".niceslam-archive-sha256";

    /// <summary>../shared/ros2 beside the repository, or NICESLAM_SHARED_ROS2 (whether or not it exists).</summary>
    public static string Folder { get; } = Path.GetFullPath(
        Environment.GetEnvironmentVariable("NICESLAM_SHARED_ROS2") is { Length: > 0 } overridden
            ? overridden
            : Path.Combine(SharedData.RepositoryRoot, "..", "shared", "ros2"));

    /// <summary>Whether <see cref="Folder"/> holds the base install's archive.</summary>
    public static bool HasBase => File.Exists(Path.Combine(Folder, BaseArchive));

    /// <summary>Makes <see cref="BasePrefix"/> hold the base archive's contents.</summary>
    public static void EnsureBase() => Ensure(Path.Combine(Folder, BaseArchive), BasePrefix);

    /// <summary>SHA-256 (lower-case hex) of a file.</summary>
    public static string FileHash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
    }

    /// <summary>Makes <paramref name="prefix"/> hold <paramref name="archive"/>'s contents.</summary>
    /// <exception cref="InvalidOperationException">Unpacking failed (zstd missing, folder not writable, ...).</exception>
    private static void Ensure(string archive, string prefix)
    {
        string parent = Path.GetDirectoryName(prefix)!;
        Directory.CreateDirectory(parent);
        using var _ = Lock(Path.Combine(parent, ".niceslam-unpack.lock"));
        string hash = FileHash(archive);
        string stamp = Path.Combine(prefix, StampName);
        if (File.Exists(Path.Combine(prefix, "setup.bash")) && File.Exists(stamp) && File.ReadAllText(stamp).Trim() == hash) return;
        if (Directory.Exists(prefix)) Directory.Delete(prefix, recursive: true);
        var info = new ProcessStartInfo("tar") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { "-C", parent, "-I", "zstd", "-xf", archive }) info.ArgumentList.Add(a);
        using var tar = Process.Start(info) ?? throw new InvalidOperationException("cannot start tar");
        string error = tar.StandardError.ReadToEnd();
        tar.WaitForExit();
        if (tar.ExitCode != 0 || !File.Exists(Path.Combine(prefix, "setup.bash")))
            throw new InvalidOperationException($"unpacking {archive} to {parent} failed (zstd installed? writable?): {error.Trim()}");
        File.WriteAllText(stamp, hash + "\n");
    }

    /// <summary>An exclusive lock on <paramref name="path"/> (flock through FileShare.None), waited for up to 10 minutes.</summary>
    private static FileStream Lock(string path)
    {
        var end = DateTime.UtcNow + TimeSpan.FromMinutes(10);
        while (true)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (DateTime.UtcNow < end) { Thread.Sleep(200); }
        }
    }
}
