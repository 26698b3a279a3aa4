using System.Runtime.InteropServices;
using NiceSlam.Dds.Interop;

namespace NiceSlam.Dds;

/// <summary>A Cyclone DDS call failed; the message names the operation and Cyclone's return code.</summary>
public sealed class DdsException : Exception
{
    public DdsException(string message, int returnCode) : base(message) => ReturnCode = returnCode;

    /// <summary>Cyclone's DDS_RETCODE_* value (negative).</summary>
    public int ReturnCode { get; }

    /// <summary>Returns <paramref name="rc"/> when it is not an error (>= 0), throws otherwise.</summary>
    internal static int Check(int rc, string what) =>
        rc >= 0 ? rc : throw new DdsException($"{what} failed: {Describe(rc)}", rc);

    internal static string Describe(int rc)
    {
        string? name = null;
        try { name = Marshal.PtrToStringUTF8(CycloneShim.StrRetCode(rc)); } catch (DllNotFoundException) { }
        return $"{name ?? "error"} ({rc})";
    }
}

/// <summary>The DDS transport cannot run on this machine or build; the message says what to install or rebuild.</summary>
public sealed class DdsUnavailableException : Exception
{
    public DdsUnavailableException(string message, Exception? inner = null) : base(message, inner) { }
}
