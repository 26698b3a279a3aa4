using System.Runtime.InteropServices;

namespace NiceSlam.Dds.Interop;

/// <summary>
/// Loads the shim (and through it libddsc) once, and explains what to install when that fails: the shim is built
/// with the project (it is missing when the build ran with -p:NiceSlamDds=false or without Cyclone DDS), libddsc
/// comes from the system (Debian/Ubuntu: libddsc0debian with cyclonedds-dev; a ROS install: ros-&lt;distro&gt;-cyclonedds).
/// </summary>
internal static class CycloneLibrary
{
    private static readonly Lazy<string> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The Cyclone DDS version the shim was built against, e.g. "0.10.2".</summary>
    /// <exception cref="DdsUnavailableException">The shim or libddsc cannot be loaded, or the shim is of another version.</exception>
    public static string EnsureLoaded() => Loaded.Value;

    /// <summary>Whether the DDS transport can be used here (the reason otherwise).</summary>
    public static bool IsAvailable(out string reason)
    {
        try
        {
            reason = "Cyclone DDS " + EnsureLoaded();
            return true;
        }
        catch (DdsUnavailableException e)
        {
            reason = e.Message;
            return false;
        }
    }

    private static string Load()
    {
        string directory = AppContext.BaseDirectory;
        string path = Path.Combine(directory, "lib" + CycloneShim.Library + ".so");
        if (!File.Exists(path))
            throw new DdsUnavailableException(
                $"the Cyclone DDS shim {path} is missing: this build has no DDS transport. It is compiled with the " +
                "project when the Cyclone DDS headers are installed (Debian/Ubuntu: sudo apt-get install cyclonedds-dev, " +
                "or `bash .ci/setup`); rebuild without -p:NiceSlamDds=false");
        try
        {
            NativeLibrary.Load(path);
        }
        catch (DllNotFoundException e)
        {
            throw new DdsUnavailableException(
                $"libddsc (Cyclone DDS) could not be loaded for {path}: install the Debian/Ubuntu package libddsc0debian " +
                "(sudo apt-get install cyclonedds-dev), or in a ROS 2 install ros-<distro>-cyclonedds with the ROS " +
                $"environment sourced ({e.Message})", e);
        }
        int abi;
        try
        {
            abi = CycloneShim.AbiVersionOfLibrary();
        }
        catch (EntryPointNotFoundException e)
        {
            throw new DdsUnavailableException($"{path} is not NiceSlam.Dds's shim (no nsdds_abi_version): rebuild the project", e);
        }
        if (abi != CycloneShim.AbiVersion)
            throw new DdsUnavailableException(
                $"{path} has shim ABI version {abi}, this assembly expects {CycloneShim.AbiVersion}: rebuild the project");
        return Marshal.PtrToStringUTF8(CycloneShim.CycloneVersion()) ?? "unknown";
    }
}
