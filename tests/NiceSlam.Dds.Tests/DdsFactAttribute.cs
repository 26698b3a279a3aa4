using NiceSlam.Dds.Interop;

namespace NiceSlam.Dds.Tests;

/// <summary>A fact that needs the DDS transport (the shim built with the project, libddsc on the system); skipped
/// with the reason (what to install) where it is missing.</summary>
public sealed class DdsFactAttribute : FactAttribute
{
    public DdsFactAttribute()
    {
        if (!CycloneLibrary.IsAvailable(out string reason)) Skip = reason;
    }
}

/// <summary>A fact that also needs the Fast DDS peer's tool chain (fastddsgen, a C++ compiler, Fast DDS 2.9 headers).</summary>
public sealed class FastDdsFactAttribute : FactAttribute
{
    public FastDdsFactAttribute()
    {
        if (!CycloneLibrary.IsAvailable(out string reason)) Skip = reason;
        else if (FastDdsPeer.MissingToolchain() is { } missing) Skip = missing;
        else FastDdsPeer.BuildInBackground();
    }
}
