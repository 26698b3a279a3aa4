using System.CommandLine;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using NiceSlam.Core.Compute;
using NiceSlam.Data.Images;
using NiceSlam.Native;
using TorchSharp;

namespace NiceSlam.Cli.Commands;

/// <summary>`nice-slam doctor`: what backend is in use, threads, and whether each native library loads.</summary>
internal static class DoctorCommand
{
    internal sealed record Check(string Name, bool Ok, string Detail);

    public static Command Create()
    {
        var command = new Command("doctor", "Check the native libraries (TorchSharp/libtorch, OpenCV, plotting), the compute backend and threads.");
        command.SetAction(_ =>
        {
            var checks = Run();
            foreach (var check in checks)
                Console.WriteLine($"{(check.Ok ? "ok  " : "FAIL")}  {check.Name,-12} {check.Detail}");
            bool ok = checks.All(c => c.Ok);
            Console.WriteLine(ok ? "all checks passed" : "some checks failed: see FAIL lines above");
            return ok ? 0 : 1;
        });
        return command;
    }

    public static List<Check> Run()
    {
        var checks = new List<Check>
        {
            new("runtime", true, $"{RuntimeInformation.FrameworkDescription} on {RuntimeInformation.OSDescription} ({RuntimeInformation.ProcessArchitecture}), {Environment.ProcessorCount} logical cores"),
            Guarded("glibcxx", CheckGlibcxx),
            Guarded("torch", CheckTorch),
            Guarded("backend", CheckBackend),
            Guarded("opencv", () => new Check("opencv", true, "OpenCV " + OpenCvRuntime.EnsureLoaded())),
            Guarded("plotting", CheckPlotting),
        };
        return checks;
    }

    private static Check Guarded(string name, Func<Check> check)
    {
        try { return check(); }
        catch (Exception e) { return new Check(name, false, Flatten(e)); }
    }

    private static string Flatten(Exception e)
    {
        var inner = e;
        while (inner is TypeInitializationException && inner.InnerException is not null) inner = inner.InnerException;
        return inner.Message.Split('\n')[0].Trim();
    }

    private static Check CheckGlibcxx()
    {
        string? libstdcxx = SystemLibstdcxx.Find();
        bool has = libstdcxx is not null && SystemLibstdcxx.Provides(libstdcxx, LibTorchSharpFix.MissingVersion);
        string library = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", LibTorchSharpFix.LibraryFileName);
        if (!File.Exists(library)) library = Path.Combine(AppContext.BaseDirectory, LibTorchSharpFix.LibraryFileName);
        if (!File.Exists(library)) return new Check("glibcxx", false, $"{LibTorchSharpFix.LibraryFileName} not found next to the program");
        bool? weak = LibTorchSharpFix.RequirementIsWeak(library);
        string state = weak switch { true => "requirement marked weak (fixed)", false => "requirement strict (unchanged)", null => "no such requirement" };
        bool ok = has || weak != false;
        string system = libstdcxx is null ? "no libstdc++.so.6 found" : $"{libstdcxx} {(has ? "has" : "lacks")} {LibTorchSharpFix.MissingVersion}";
        return new Check("glibcxx", ok, $"{system}; {LibTorchSharpFix.LibraryFileName}: {state}"
            + (ok ? "" : " -> rebuild (the build applies the fix) or build with -p:NiceSlamGlibcxxFix=always"));
    }

    private static Check CheckTorch()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.rand(256, 256, dtype: torch.float32);
        var b = torch.rand(256, 256, dtype: torch.float32);
        a.matmul(b).sum().item<float>(); // warm-up
        const int n = 256, repeats = 20;
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < repeats; i++) a.matmul(b).sum().item<float>();
        double gflops = 2.0 * n * n * n * repeats / watch.Elapsed.TotalSeconds / 1e9;
        string version = typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "?";
        return new Check("torch", true, $"TorchSharp {version} loaded; {torch.get_num_threads()} intra-op threads; matmul 256x256 fp32 {gflops:0.0} GFLOP/s");
    }

    private static Check CheckBackend()
    {
        bool cuda = ComputeDevice.CudaAvailable();
        var device = ComputeDevice.Select("auto");
        bool besideProgram = new[] { AppContext.BaseDirectory, Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native") }
            .Any(dir => File.Exists(Path.Combine(dir, "libtorch_cpu.so")));
        string build = !besideProgram ? "libtorch from the library path (none beside the program: e.g. a PyTorch install on LD_LIBRARY_PATH)"
            : ComputeDevice.IsCudaBuild ? "CUDA build (TorchSharp-cuda-linux)" : "CPU build (TorchSharp-cpu)";
        return new Check("backend", true, $"{build}; CUDA available: {(cuda ? $"yes ({torch.cuda.device_count()} device(s))" : "no")}; device in use: {device.type}");
    }

    private static Check CheckPlotting()
    {
        var plot = new ScottPlot.Plot();
        plot.Add.Scatter(new double[] { 0, 1, 2 }, new double[] { 0, 1, 4 });
        byte[] png = plot.GetImageBytes(64, 48, ScottPlot.ImageFormat.Png);
        return new Check("plotting", png.Length > 100, $"ScottPlot rendered a {png.Length}-byte PNG (SkiaSharp native loaded)");
    }
}
