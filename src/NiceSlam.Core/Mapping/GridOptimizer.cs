using NiceSlam.Core.Compute;
using NiceSlam.Core.Map;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NiceSlam.Core.Mapping;

/// <summary>
/// Adam for one feature grid during a mapping call, with only the vertices of a mask (the current frustum) allowed
/// to change: gradients outside the mask are zeroed before every step, and the optimiser is new for every call, so
/// those vertices keep their values (the reference's rule).
/// </summary>
internal interface IGridOptimizer : IDisposable
{
    /// <summary>One Adam step at learning rate <paramref name="lr"/> from the grid's current gradient (none: no step).</summary>
    void Step(double lr);

    /// <summary>
    /// The reference implementation (TorchSharp's Adam over the whole grid, gradient multiplied by the mask) when
    /// <paramref name="region"/> is false; otherwise <see cref="GridRegionAdam"/>. The mask [1, 1, Z, Y, X] (0/1) is
    /// borrowed: it must live as long as the optimiser.
    /// </summary>
    public static IGridOptimizer Create(FeatureGrid grid, Tensor mask, bool region) =>
        region ? new GridRegionAdam(grid, mask) : new MaskedAdam(grid, mask);
}

/// <summary>The reference: Adam over the whole grid (<see cref="HeldScalarAdam"/>, <c>optim.Adam</c>'s update), gradient masked over the whole grid.</summary>
internal sealed class MaskedAdam(FeatureGrid grid, Tensor mask) : IGridOptimizer
{
    private readonly HeldScalarAdam adam = new([grid.Values], 1e-3);

    public void Step(double lr)
    {
        using (var g = grid.Values.grad)
        {
            if (g is null) return;
            using (no_grad()) g.mul_(mask);
        }
        adam.LearningRate = lr;
        adam.Step();
    }

    public void Dispose() => adam.Dispose();
}

/// <summary>
/// Adam (β = 0.9, 0.999; ε = 1e-8, the reference's; the same update formula as TorchSharp's) restricted to the
/// box of vertices that holds the mask: moments, gradient masking and the update touch only that box, in buffers
/// allocated once per mapping call, so a step costs the box, not the whole grid, and allocates nothing. Vertices of
/// the box outside the mask get zero gradients from zero moments, hence exactly zero updates: the same result as
/// the whole-grid masked Adam.
/// </summary>
internal sealed class GridRegionAdam : IGridOptimizer
{
    private const double Beta1 = 0.9, Beta2 = 0.999, Eps = 1e-8;

    private readonly FeatureGrid grid;
    private readonly long[] start = new long[3], size = new long[3];    // z, y, x
    private readonly Tensor? boxMask, expAvg, expAvgSq, scratch, denom;
    private int steps;

    public GridRegionAdam(FeatureGrid grid, Tensor mask)
    {
        this.grid = grid;
        using var scope = NewDisposeScope();
        var occupied = mask.reshape(mask.shape[2], mask.shape[3], mask.shape[4]).nonzero();          // [K, 3] z, y, x
        if (occupied.shape[0] == 0) return;
        var low = occupied.amin(0).data<long>().ToArray();
        var high = occupied.amax(0).data<long>().ToArray();
        for (int a = 0; a < 3; a++) { start[a] = low[a]; size[a] = high[a] - low[a] + 1; }
        Box = (start[0], start[1], start[2], size[0], size[1], size[2]);
        boxMask = Crop(mask).contiguous().DetachFromDisposeScope();                                 // [1, 1, z, y, x]
        using var box = Crop(grid.Values.detach());                                                 // the buffers take the grid's memory layout
        expAvg = zeros_like(box).DetachFromDisposeScope();
        expAvgSq = zeros_like(box).DetachFromDisposeScope();
        scratch = empty_like(box).DetachFromDisposeScope();
        denom = empty_like(box).DetachFromDisposeScope();
    }

    /// <summary>The box (start z, y, x and size z, y, x, in vertices); null when the mask is empty.</summary>
    public (long Z, long Y, long X, long SizeZ, long SizeY, long SizeX)? Box { get; }

    private Tensor Crop(Tensor t) => t.narrow(2, start[0], size[0]).narrow(3, start[1], size[1]).narrow(4, start[2], size[2]);

    public void Step(double lr)
    {
        if (Box is null) return;
        using var g = grid.Values.grad;
        if (g is null) return;
        steps++;
        double correction1 = 1 - Math.Pow(Beta1, steps), correction2 = 1 - Math.Pow(Beta2, steps);
        using var _ = no_grad();
        using var gradBox = Crop(g);
        using var valueBox = Crop(grid.Values);
        scratch!.copy_(gradBox).mul_(boxMask!);
        using var s = new HeldScalars();
        expAvg!.mul_(s[Beta1]).add_(scratch, alpha: s[1 - Beta1]);
        expAvgSq!.mul_(s[Beta2]).addcmul_(scratch, scratch, value: s[1 - Beta2]);
        denom!.copy_(expAvgSq).sqrt_().div_(s[Math.Sqrt(correction2)]).add_(s[Eps], HeldScalars.One);
        valueBox.addcdiv_(expAvg, denom, value: s[-lr / correction1]);
    }

    public void Dispose()
    {
        boxMask?.Dispose();
        expAvg?.Dispose();
        expAvgSq?.Dispose();
        scratch?.Dispose();
        denom?.Dispose();
    }
}
