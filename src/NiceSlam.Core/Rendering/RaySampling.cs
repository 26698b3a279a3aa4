using NiceSlam.Core.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Rendering;

/// <summary>Where the samples along a ray go.</summary>
public enum RaySamplingMode
{
    /// <summary>The reference: <see cref="RaySampling.Stratified"/> samples evenly over the whole ray [near, far] and
    /// <see cref="RaySampling.NearSurface"/> in [0.95 d, 1.05 d] around the measured depth d, all sorted.</summary>
    Reference,

    /// <summary>Most samples where the surface is: <see cref="RaySampling.Surface"/> samples in the band
    /// [(1 − band) d, (1 + band) d] around the measured depth and <see cref="RaySampling.FreeSpace"/> in the free
    /// space in front of it, [near, (1 − band) d), so empty space is still learned; nothing behind the band
    /// (unobserved space). Sorted by construction. The free-space samples sit one per stratum of [near, (1 − band) d):
    /// at its start without a jitter generator (tracking: the same samples every iteration), uniformly within it with
    /// one (mapping: over the iterations every depth of the free space is sampled, up to the band).</summary>
    DepthGuided,
}

/// <summary>
/// Sample placement along rays (optical-axis depths: rays with camera-frame z = 1). <see cref="RaySamplingMode.Reference"/>
/// is NICE-SLAM's 32 stratified + 16 near-surface samples; <see cref="RaySamplingMode.DepthGuided"/> puts most samples
/// in a band around the measured depth and a few in the free space before it (Co-SLAM, ESLAM and others do alike).
/// Where no depth was measured (d = 0) both spread their samples over the ray.
/// </summary>
/// <param name="Stratified">Reference: samples evenly in [near, far].</param>
/// <param name="NearSurface">Reference: samples evenly in [0.95 d, 1.05 d].</param>
/// <param name="Mode">Which placement.</param>
/// <param name="FreeSpace">Depth-guided: samples evenly in [near, (1 − band) d).</param>
/// <param name="Surface">Depth-guided: samples evenly in [(1 − band) d, (1 + band) d].</param>
/// <param name="Band">Depth-guided: the band's half-width as a fraction of the measured depth.</param>
public sealed record RaySampling(int Stratified = RaySampling.ReferenceStratified, int NearSurface = RaySampling.ReferenceNearSurface,
    RaySamplingMode Mode = RaySamplingMode.Reference, int FreeSpace = RaySampling.DefaultFreeSpace, int Surface = RaySampling.DefaultSurface,
    double Band = RaySampling.DefaultBand)
{
    /// <summary>The reference's stratified samples a ray (NICE-SLAM's N_samples).</summary>
    public const int ReferenceStratified = 32;
    /// <summary>The reference's near-surface samples a ray (NICE-SLAM's N_surface).</summary>
    public const int ReferenceNearSurface = 16;
    /// <summary>Depth-guided sampling's defaults: free-space samples, band samples, the band's half-width.</summary>
    public const int DefaultFreeSpace = 4, DefaultSurface = 8;
    public const double DefaultBand = 0.05;

    /// <summary>The reference's sampling (<see cref="ReferenceStratified"/> + <see cref="ReferenceNearSurface"/>,
    /// sorted): the settings' default, the bench's reference path and the run report's depth L1.</summary>
    public static RaySampling ReferenceDefault { get; } = new();

    /// <summary>Samples per ray.</summary>
    public int SamplesPerRay => Mode == RaySamplingMode.Reference ? Stratified + NearSurface : FreeSpace + Surface;

    /// <summary>Validation of the counts and band (used by the options).</summary>
    public void Validate()
    {
        if (Mode == RaySamplingMode.Reference && (Stratified < 2 || NearSurface < 0))
            throw new ArgumentException($"reference sampling needs >= 2 stratified and >= 0 near-surface samples, got {Stratified} and {NearSurface}");
        if (Mode == RaySamplingMode.DepthGuided && (FreeSpace < 1 || Surface < 2))
            throw new ArgumentException($"depth-guided sampling needs >= 1 free-space and >= 2 surface samples, got {FreeSpace} and {Surface}");
        if (Mode == RaySamplingMode.DepthGuided && !(Band > 0 && Band < 1))
            throw new ArgumentException($"the surface band must be in (0, 1) of the depth, got {Band}");
    }

    /// <summary>
    /// Depths along each ray, sorted: [R, <see cref="SamplesPerRay"/>]. near = 0.01 d; far = the ray's exit from the
    /// bounds + 0.01, clamped to 1.2 max(d). Reference: stratified evenly in [near, far] and near-surface evenly in
    /// [0.95 d, 1.05 d] (where d = 0: in [0.001, max d]), sorted (one host read of max d, as the reference). Depth-guided:
    /// see <see cref="RaySamplingMode.DepthGuided"/>; where d = 0 every sample goes evenly over [0.001, far]; no host read.
    /// </summary>
    /// <param name="depth">[R] measured depth, 0 = none.</param>
    /// <param name="exit">[R] depth at which the ray leaves the scene bounds.</param>
    /// <param name="jitter">depth-guided: draws each free-space sample uniformly within its stratum; null places it at
    /// the stratum's start.</param>
    public Tensor Depths(Tensor depth, Tensor exit, Generator? jitter = null) =>
        Mode == RaySamplingMode.Reference ? ReferenceDepths(depth, exit, merge: false) : GuidedDepths(depth, exit, jitter);

    /// <summary>The reference placement; <paramref name="merge"/> merges the two sorted sets (stratified, near-surface)
    /// instead of sorting their concatenation: the same values in the same order.</summary>
    public Tensor ReferenceDepths(Tensor depth, Tensor exit, bool merge)
    {
        using var scope = NewDisposeScope();
        using var hs = new HeldScalars();
        var options = (depth.dtype, depth.device);
        double maxDepth = depth.max().to(float64).item<double>();                                      // the reference's host read, kept
        var near = depth.mul(hs[0.01]).unsqueeze(1);                                                    // [R, 1] 0.01 d
        var far = exit.add(hs[0.01], HeldScalars.One).clamp(HeldScalars.Zero, hs[1.2 * maxDepth]).unsqueeze(1);   // [R, 1]
        var t = linspace(0, 1, Stratified, options.dtype, options.device).unsqueeze(0);                // [1, S]
        var stratified = (near * t.negative().add(HeldScalars.One, HeldScalars.One)).add(far * t, HeldScalars.One);                        // [R, S] near (1 − t) + far t
        if (NearSurface == 0) return stratified.MoveToOuterDisposeScope();
        var s = linspace(0, 1, NearSurface, options.dtype, options.device).unsqueeze(0);               // [1, K]
        var d = depth.unsqueeze(1);
        var oneMinusS = s.negative().add(HeldScalars.One, HeldScalars.One);                                                    // 1 − s
        var measured = (d.mul(hs[0.95]) * oneMinusS).add(d.mul(hs[1.05]) * s, HeldScalars.One);                    // [R, K] 0.95 d (1 − s) + 1.05 d s
        var unmeasured = oneMinusS.mul(hs[0.001]).add(s.mul(hs[maxDepth]), HeldScalars.One).expand_as(measured);  // 0.001 (1 − s) + max d s
        var surface = where(d > HeldScalars.Zero, measured, unmeasured);
        return (merge ? MergeSorted(stratified, surface) : cat([stratified, surface], 1).sort(1).Values).MoveToOuterDisposeScope(); // [R, S+K]
    }

    private Tensor GuidedDepths(Tensor depth, Tensor exit, Generator? jitter)
    {
        using var scope = NewDisposeScope();
        using var hs = new HeldScalars();
        var (dtype, device) = (depth.dtype, depth.device);
        var d = depth.unsqueeze(1);                                                                     // [R, 1]
        var near = d.mul(hs[0.01]);
        var low = d.mul(hs[1 - Band]);
        var high = d.mul(hs[1 + Band]);
        var t = arange(HeldScalars.Zero, hs.Integer(FreeSpace), HeldScalars.One, dtype, device).unsqueeze(0);     // [1, F] stratum starts
        if (jitter is not null) t = t.add(rand([depth.shape[0], FreeSpace], dtype: dtype, generator: jitter).to(device), HeldScalars.One); // [R, F]
        t = t.div(hs.Integer(FreeSpace));                                                               // in [0, 1)
        var free = near.add((low - near) * t, HeldScalars.One);                                                     // [R, F]
        var s = linspace(0, 1, Surface, dtype, device).unsqueeze(0);                                   // [1, K]
        var band = low.add((high - low) * s, HeldScalars.One);                                                      // [R, K]
        var guided = cat([free, band], 1);                                                              // [R, F+K], sorted
        // No measurement: spread evenly over [0.001, far] (far as the reference's).
        var far = minimum(exit.add(hs[0.01], HeldScalars.One), depth.max().mul(hs[1.2])).clamp_min(hs[0.002]).unsqueeze(1); // [R, 1]
        var u = linspace(0, 1, FreeSpace + Surface, dtype, device).unsqueeze(0);                       // [1, F+K]
        var spread = (far.sub(hs[0.001]) * u).add(hs[0.001], HeldScalars.One);                                     // 0.001 + (far − 0.001) u
        return where(d > HeldScalars.Zero, guided, spread).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The sorted union of two row-wise sorted sets a [R, A] and b [R, B]: [R, A + B], each element placed at its
    /// rank (its index in its own set + the count of the other set's elements before it; ties: a first). O(R·A·B)
    /// comparisons instead of a sort.
    /// </summary>
    public static Tensor MergeSorted(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        using var hs = new HeldScalars();
        var beforeA = (b.unsqueeze(1) < a.unsqueeze(2)).sum(2);                                        // [R, A]: b elements before each a
        var beforeB = (a.unsqueeze(1) <= b.unsqueeze(2)).sum(2);                                       // [R, B]: a elements before each b
        var rankA = beforeA.add(arange(HeldScalars.Zero, hs.Integer(a.shape[1]), HeldScalars.One, int64, a.device).unsqueeze(0), HeldScalars.One);
        var rankB = beforeB.add(arange(HeldScalars.Zero, hs.Integer(b.shape[1]), HeldScalars.One, int64, b.device).unsqueeze(0), HeldScalars.One);
        return empty(a.shape[0], a.shape[1] + b.shape[1], a.dtype, a.device).scatter_(1, rankA, a).scatter_(1, rankB, b).MoveToOuterDisposeScope();
    }
}
