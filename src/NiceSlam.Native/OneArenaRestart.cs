using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace NiceSlam.Native;

/// <summary>
/// Restarts a program in place with glibc malloc limited to a given number of arenas from its first thread on
/// (Linux). The arena count must be set before the .NET runtime's own threads first allocate: setting it with
/// mallopt from inside comes too late (the runtime's threads have made arenas by then, and the engine's threads are
/// handed those; measured: the demo's peak stayed 1,742 MiB with the late setting, 1,283 MiB with the variable from
/// the start). Called first thing by the entry points (the CLI, the node), never by a library or a test host. The
/// engine's in-process allocator settings are <c>NiceSlam.Core.Compute.NativeAllocator</c>.
/// </summary>
public static class OneArenaRestart
{
    /// <summary>The environment setting that gives the process its arena count from its first thread on.</summary>
    public const string ArenaVariable = "MALLOC_ARENA_MAX";

    /// <summary>
    /// Restarts the process in place (execve of /proc/self/exe with the same arguments, same PID and file
    /// descriptors) with <c>MALLOC_ARENA_MAX=<paramref name="arenas"/></c> in its environment, unless it is already
    /// there (or the user set it, or <c>GLIBC_TUNABLES</c>), so that no thread ever gets another arena. Returns only
    /// where it does nothing (not Linux, set already, or exec failed).
    /// </summary>
    public static void Restart(int arenas)
    {
        if (!OperatingSystem.IsLinux()) return;
        if (Environment.GetEnvironmentVariable(ArenaVariable) != null || Environment.GetEnvironmentVariable("GLIBC_TUNABLES") != null) return;
        try
        {
            var argv = File.ReadAllText("/proc/self/cmdline").Split('\0', StringSplitOptions.None);
            if (argv.Length > 0 && argv[^1].Length == 0) argv = argv[..^1];                     // the trailing NUL
            if (argv.Length == 0) return;
            var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
                .Select(e => $"{e.Key}={e.Value}").Append($"{ArenaVariable}={arenas}").ToList();
            execve("/proc/self/exe", [.. argv, null], [.. environment, null]);                  // returns only on failure
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EntryPointNotFoundException or DllNotFoundException) { }
    }

    [DllImport("libc", EntryPoint = "execve", SetLastError = true)]
    private static extern int execve(string path, string[] argv, string[] envp);
}
