using System.Diagnostics;
using System.Security.Cryptography;

namespace NiceSlam.Tests;

/// <summary>
/// Unpacks the ROS 2 build of ../shared/ros2 (a .tar.zst whose top folder is the install) once into its parent folder
/// (/opt/ros for /opt/ros/humble, where it was built to live), for every test project that needs it: a stamp file
/// holds the archive's SHA-256 (a changed archive is unpacked again) and a lock file keeps test processes running
/// side by side from unpacking at the same time.
/// </summary>
public static class Ros2Unpack
{
    private const string StampName = ".niceslam-archive-sha256";

    /// <summary>Makes <paramref name="prefix"/> hold <paramref name="archive"/>'s contents.</summary>
    /// <exception cref="InvalidOperationException">Unpacking failed (zstd missing, folder not writable, ...).</exception>
    public static void Ensure(string archive, string prefix)
    {
        string parent = Path.GetDirectoryName(prefix)!;
        Directory.CreateDirectory(parent);
        using var _ = Lock(Path.Combine(parent, ".niceslam-unpack.lock"));
        string hash;
        using (var stream = File.OpenRead(archive)) hash = Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
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
