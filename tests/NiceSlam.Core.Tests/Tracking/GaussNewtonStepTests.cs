using NiceSlam.Core.Tracking;
using static TorchSharp.torch;

namespace NiceSlam.Core.Tests.Tracking;

/// <summary>The solve's held directions on hand-made normal equations: a translation direction the equations say
/// nothing about is held, and the projector removes exactly that direction from a whole correction.</summary>
public class GaussNewtonStepTests
{
    /// <summary>Equations [55] in the odometry's layout (rows [H | g], bᵀb, counts) for H = I - n nᵀ in the translation
    /// block (n unit: unconstrained) and I in the rotation block.</summary>
    private static Tensor Equations(double[] n, double[] g)
    {
        var v = new double[55];
        for (int i = 0; i < 6; i++)
        {
            for (int j = 0; j < 6; j++)
                v[i * 7 + j] = i == j ? 1 : 0;
            if (i < 3)
                for (int j = 0; j < 3; j++) v[i * 7 + j] -= n[i] * n[j];
            v[i * 7 + 6] = g[i];
        }
        v[49] = 1000;                                                  // ICP rows
        v[51] = 1000;                                                  // overlap
        v[54] = 1000;                                                  // moving points
        return tensor(v, float64);
    }

    [Fact]
    public void An_unconstrained_translation_direction_is_held_and_projected_out_of_a_correction()
    {
        double r = Math.Sqrt(0.5);
        double[] n = [r, 0, r];                                        // along the diagonal of x and z
        using var equations = Equations(n, [-1, -2, 0, -0.1, -0.2, -0.3]);
        var step = GaussNewtonStep.Solve(equations);
        Assert.Equal(1, step.DegenerateDirections);
        // the step solves the constrained part (g has no component along n): -H⁺ g = (1, 2, 0, 0.1, 0.2, 0.3) less n's part
        double along = step.Twist[0] * n[0] + step.Twist[2] * n[2];
        Assert.True(Math.Abs(along) < 1e-9, $"step along the held direction {along}");
        Assert.Equal(0.5, step.Twist[0], 9);
        Assert.Equal(2, step.Twist[1], 9);
        Assert.Equal(-0.5, step.Twist[2], 9);
        Assert.Equal(0.3, step.Twist[5], 9);
        // a correction with a part along n loses exactly that part
        var projected = step.WithoutHeld([1, 0, 0, 0.1, 0, 0]);
        Assert.Equal(0.5, projected[0], 9);
        Assert.Equal(0, projected[1], 9);
        Assert.Equal(-0.5, projected[2], 9);
        Assert.Equal(0.1, projected[3], 9);
    }

    [Fact]
    public void Well_conditioned_equations_hold_nothing_and_keep_a_correction_whole()
    {
        using var equations = Equations([0, 0, 0], [-1, -2, -3, -0.1, -0.2, -0.3]);
        var step = GaussNewtonStep.Solve(equations);
        Assert.Equal(0, step.DegenerateDirections);
        Assert.Null(step.HeldProjector);
        double[] correction = [1, 2, 3, 4, 5, 6];
        Assert.Equal(correction, step.WithoutHeld(correction));
        Assert.Equal(3, step.Twist[2], 9);
    }
}
