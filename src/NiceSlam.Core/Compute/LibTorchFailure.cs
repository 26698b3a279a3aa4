using System.Runtime.InteropServices;

namespace NiceSlam.Core.Compute;

/// <summary>How the engine names a libtorch failure (the <see cref="ExternalException"/> TorchSharp throws for an
/// error in a native call) in a lost frame's or a failed mapping call's reason.</summary>
internal static class LibTorchFailure
{
    /// <summary>The message's first line: libtorch's own words; the lines after it are its C++ stack trace.</summary>
    public static string FirstLine(ExternalException e) => e.Message.Split('\n', 2)[0].Trim();
}
