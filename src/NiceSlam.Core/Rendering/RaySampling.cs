using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Rendering;

/// <summary>NICE-SLAM's sample counts along a ray.</summary>
public sealed record RaySampling(int Stratified = 32, int NearSurface = 16)
{
    /// <summary>
    /// Depths along each ray (optical-axis depth, rays with camera-frame z = 1), sorted: [R, Stratified + NearSurface].
    /// Stratified: evenly in [near, far] with near = 0.01 d, far = the ray's exit from the bounds + 0.01 clamped to
    /// 1.2 max(d) (no perturbation). Near-surface: evenly in [0.95 d, 1.05 d]; where d = 0 (no measurement), evenly in
    /// [0.001, max d].
    /// </summary>
    /// <param name="depth">[R] measured depth, 0 = none.</param>
    /// <param name="exit">[R] depth at which the ray leaves the scene bounds.</param>
    public Tensor Depths(Tensor depth, Tensor exit)
    {
        using var scope = NewDisposeScope();
        var options = (depth.dtype, depth.device);
        double maxDepth = depth.max().to(float64).item<double>();
        var near = (depth * 0.01).unsqueeze(1);                                                         // [R, 1]
        var far = (exit + 0.01).clamp(0, 1.2 * maxDepth).unsqueeze(1);                                 // [R, 1]
        var t = linspace(0, 1, Stratified, options.dtype, options.device).unsqueeze(0);                // [1, S]
        var stratified = near * (1 - t) + far * t;                                                      // [R, S]
        if (NearSurface == 0) return stratified.MoveToOuterDisposeScope();
        var s = linspace(0, 1, NearSurface, options.dtype, options.device).unsqueeze(0);               // [1, K]
        var d = depth.unsqueeze(1);
        var measured = 0.95 * d * (1 - s) + 1.05 * d * s;                                               // [R, K]
        var unmeasured = (0.001 * (1 - s) + maxDepth * s).expand_as(measured);
        var surface = where(d > 0, measured, unmeasured);
        return cat([stratified, surface], 1).sort(1).Values.MoveToOuterDisposeScope();                                     // [R, S+K]
    }
}
