using OpenCvSharp;

namespace NiceSlam.Data.Images;

/// <summary>Loads OpenCV's native runtime once and turns a load failure into a message that says what to install
/// (the official Linux runtime needs GTK 3: Debian/Ubuntu package libgtk-3-0, libgtk-3-0t64 on Ubuntu 24.04).</summary>
public static class OpenCvRuntime
{
    private static readonly Lazy<string> Version = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The OpenCV version string; throws <see cref="InvalidOperationException"/> with the fix when the
    /// native library cannot load.</summary>
    public static string EnsureLoaded() => Version.Value;

    private static string Load()
    {
        try
        {
            return Cv2.GetVersionString() ?? "unknown";
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or BadImageFormatException)
        {
            string detail = (e.InnerException ?? e).Message;
            string hint = detail.Contains("libgtk-3", StringComparison.Ordinal) || !File.Exists("/lib/x86_64-linux-gnu/libgtk-3.so.0")
                ? " OpenCV's runtime needs GTK 3: run `bash .ci/setup` from the repository, or `sudo apt-get install libgtk-3-0`."
                : "";
            throw new InvalidOperationException("OpenCV native runtime (OpenCvSharpExtern) failed to load." + hint + " Loader said: " + FirstLine(detail), e);
        }
    }

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();
}
