using NiceSlam.Core.Compute;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NiceSlam.Core.Decoders;

/// <summary>The decoders' layer initialisation: Xavier-uniform with the gain of the activation that follows
/// (ReLU for hidden layers, 1 for linear outputs) and zero bias, as the official DenseLayer.</summary>
internal static class DenseLayers
{
    public static Linear Relu(long inputs, long outputs, Generator? generator = null) => Create(inputs, outputs, Math.Sqrt(2), generator);

    public static Linear Output(long inputs, long outputs, Generator? generator = null) => Create(inputs, outputs, 1, generator);

    private static Linear Create(long inputs, long outputs, double gain, Generator? generator)
    {
        var layer = nn.Linear(inputs, outputs);
        using (NewDisposeScope())
        using (no_grad())
        {
            // xavier_uniform: U(-a, a), a = gain * sqrt(6 / (fan_in + fan_out)); drawn from the generator for seeding.
            double a = gain * Math.Sqrt(6.0 / (inputs + outputs));
            using var s = new HeldScalars();
            layer.weight!.copy_(rand(new long[] { outputs, inputs }, generator: generator).mul(s[2 * a]).sub(s[a]));
            layer.bias!.zero_();
        }
        return layer;
    }

    /// <summary>nn.Linear's default init (Kaiming-uniform, a = sqrt(5)) drawn from a generator: U(±1/sqrt(fan_in))
    /// for weight and bias. Used for the feature-injection layers, as in the official code.</summary>
    public static Linear Default(long inputs, long outputs, Generator? generator = null)
    {
        var layer = nn.Linear(inputs, outputs);
        using (NewDisposeScope())
        using (no_grad())
        {
            double bound = 1 / Math.Sqrt(inputs);
            using var s = new HeldScalars();
            layer.weight!.copy_(rand(new long[] { outputs, inputs }, generator: generator).mul(s[2 * bound]).sub(s[bound]));
            layer.bias!.copy_(rand(new long[] { outputs }, generator: generator).mul(s[2 * bound]).sub(s[bound]));
        }
        return layer;
    }
}
