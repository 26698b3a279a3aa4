using NiceSlam.Core.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Tracking;

/// <summary>M-estimators for the odometry's iteratively reweighted least squares.</summary>
public enum RobustLoss
{
    /// <summary>Quadratic within 1.345 σ, linear beyond (95 % efficiency on Gaussian noise).</summary>
    Huber,

    /// <summary>ρ = c²/2 log(1 + (r/c)²) with c = 2.3849 σ: gross outliers get almost no weight.</summary>
    Cauchy,
}

/// <summary>
/// Robust weights of residuals with a scale estimated from the residuals themselves: σ = 1.4826 x the median
/// absolute residual (the MAD of a zero-centred distribution), never below a floor (the sensor's resolution), as
/// DVO re-estimates its scale every iteration. Allocates in the caller's dispose scope; scalars come from the
/// caller's <see cref="HeldScalars"/>.
/// </summary>
internal static class RobustKernel
{
    /// <summary>The robust scale of <paramref name="residuals"/> [N] over <paramref name="mask"/> [N]: a scalar
    /// tensor, never below <paramref name="floor"/>, and <paramref name="floor"/> where no residual is selected.</summary>
    public static Tensor Scale(Tensor residuals, Tensor mask, double floor, HeldScalars s) =>
        residuals.abs().masked_select(mask).median().mul(s[1.4826]).nan_to_num(floor).clamp_min(s[floor]);

    /// <summary>IRLS weights in [0, 1] of residuals [N] at scale σ (a scalar tensor).</summary>
    public static Tensor Weights(Tensor residuals, Tensor scale, RobustLoss loss, HeldScalars s) => loss switch
    {
        RobustLoss.Huber => (scale.mul(s[1.345]) / residuals.abs().clamp_min(s[1e-12])).clamp_max(s[1]),
        RobustLoss.Cauchy => (residuals / scale.mul(s[2.3849])).pow(s[2]).add(s[1], s[1]).reciprocal(),
        _ => throw new ArgumentOutOfRangeException(nameof(loss)),
    };
}
