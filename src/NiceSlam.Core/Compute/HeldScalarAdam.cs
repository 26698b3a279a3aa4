using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NiceSlam.Core.Compute;

/// <summary>
/// Adam with the update of TorchSharp's <c>optim.Adam</c> (β = 0.9, 0.999 and ε = 1e-8 by default; no weight
/// decay, no AMSGrad), the same operations in the same order, so the same numbers, but with every scalar held for
/// the step (<see cref="HeldScalars"/>): TorchSharp's optimiser builds its β, 1 − β, ε and step-size scalars as
/// temporaries that a garbage collection on another thread can finalize during the native call.
/// </summary>
internal sealed class HeldScalarAdam : IDisposable
{
    private readonly Parameter[] parameters;
    private readonly Tensor[] expAvg, expAvgSq;
    private readonly double beta1, beta2, eps;
    private readonly long[] steps;

    public HeldScalarAdam(IEnumerable<Parameter> parameters, double lr, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
    {
        if (lr < 0) throw new ArgumentException($"Invalid learning rate: {lr}");
        if (eps < 0) throw new ArgumentException($"Invalid ε: {eps}");
        if (beta1 < 0 || beta1 >= 1.0) throw new ArgumentException($"Invalid beta1: {beta1}");
        if (beta2 < 0 || beta2 >= 1.0) throw new ArgumentException($"Invalid beta2: {beta2}");
        this.parameters = [.. parameters];
        LearningRate = lr;
        (this.beta1, this.beta2, this.eps) = (beta1, beta2, eps);
        expAvg = [.. this.parameters.Select(p => zeros_like(p).DetachFromDisposeScope())];
        expAvgSq = [.. this.parameters.Select(p => zeros_like(p).DetachFromDisposeScope())];
        steps = new long[this.parameters.Length];
    }

    /// <summary>The step size; may change between steps.</summary>
    public double LearningRate { get; set; }

    /// <summary>Zeroes the gradients of the parameters (those that have one).</summary>
    public void ZeroGrad()
    {
        foreach (var p in parameters)
        {
            using var grad = p.grad;
            grad?.zero_();
        }
    }

    /// <summary>One Adam step from the parameters' gradients (a parameter without a gradient is left alone).</summary>
    public void Step()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using var s = new HeldScalars();
        // TorchSharp counts steps per parameter, skipping those without a gradient; so does this.
        for (int i = 0; i < parameters.Length; i++)
        {
            var grad = parameters[i].grad;
            if (grad is null) continue;
            long step = ++steps[i];
            double biasCorrection1 = 1 - Math.Pow(beta1, step);
            double biasCorrection2 = 1 - Math.Pow(beta2, step);
            expAvg[i].mul_(s[beta1]).add_(grad, alpha: s[1 - beta1]);
            expAvgSq[i].mul_(s[beta2]).addcmul_(grad, grad.conj(), value: s[1 - beta2]);
            var denom = expAvgSq[i].sqrt().div(s[Math.Sqrt(biasCorrection2)]).add_(s[eps], HeldScalars.One);
            double stepSize = LearningRate / biasCorrection1;
            parameters[i].addcdiv_(expAvg[i], denom, value: s[-stepSize]);
        }
    }

    public void Dispose()
    {
        foreach (var t in expAvg) t.Dispose();
        foreach (var t in expAvgSq) t.Dispose();
    }
}
