using TorchSharp;

namespace NiceSlam.Core.Compute;

/// <summary>Chooses the TorchSharp device at run time: "cpu", "cuda", "cuda:N" or "auto" (CUDA when the CUDA
/// build is installed and a GPU is present, else CPU). Also sets the intra-op thread count and the native allocator
/// (<see cref="NativeAllocator"/>).</summary>
public static class ComputeDevice
{
    public static torch.Device Select(string request = "auto", int threads = 0)
    {
        NativeAllocator.Configure();
        if (threads > 0) torch.set_num_threads(threads);
        string r = (request ?? "auto").Trim().ToLowerInvariant();
        if (r is "" or "auto") return CudaAvailable() ? torch.CUDA : torch.CPU;
        if (r == "cpu") return torch.CPU;
        if (r.StartsWith("cuda", StringComparison.Ordinal))
        {
            if (!CudaAvailable())
                throw new InvalidOperationException(
                    $"device '{request}' asked for, but CUDA is not available (this build uses {(IsCudaBuild ? "TorchSharp-cuda-linux" : "TorchSharp-cpu: rebuild with -p:NiceSlamCuda=true")})");
            return torch.device(r);
        }
        throw new ArgumentException($"unknown device '{request}': use auto, cpu, cuda or cuda:N");
    }

    public static bool CudaAvailable()
    {
        try { return torch.cuda.is_available(); }
        catch (Exception e) when (e is DllNotFoundException or NotSupportedException or InvalidOperationException) { return false; }
    }

    /// <summary>Whether this assembly was built against the CUDA package (the NiceSlamCuda switch).</summary>
    public static bool IsCudaBuild =>
        AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == "TorchSharp")
        && File.Exists(Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libtorch_cuda.so"));
}
