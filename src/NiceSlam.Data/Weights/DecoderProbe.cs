using NiceSlam.Core.Compute;
using NiceSlam.Core.Decoders;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Data.Weights;

/// <summary>Fixed inputs run through the geometry decoders when weights are saved, and the check that loaded
/// weights reproduce those outputs.</summary>
public static class DecoderProbe
{
    public const int Points = 16;

    public static WeightsProbe Create(NiceDecoders decoders, int seed = 12345)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed);
        using var hs = new HeldScalars();
        var points = rand(new long[] { Points, 3 }, generator: generator).mul(hs.Integer(4)).sub(hs.Integer(2));   // [64, 3] in [-2, 2] m
        var middle = randn(new long[] { Points, NiceDecoders.FeatureDim }, generator: generator).mul(hs[0.05]);
        var fine = randn(new long[] { Points, NiceDecoders.FeatureDim }, generator: generator).mul(hs[0.05]);
        var coarse = randn(new long[] { Points, NiceDecoders.FeatureDim }, generator: generator).mul(hs[0.05]);
        using var noGrad = no_grad();
        return new WeightsProbe
        {
            Points = Flat(points),
            Features = new() { ["middle"] = Flat(middle), ["fine"] = Flat(fine), ["coarse"] = Flat(coarse) },
            Expected = Outputs(decoders, points, middle, fine, coarse),
        };
    }

    /// <summary>Largest absolute difference between the decoders' outputs now and those stored in the probe.</summary>
    public static double MaxDifference(NiceDecoders decoders, WeightsProbe probe)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor Load(float[] values) => tensor(values).reshape(-1, values.Length == probe.Points.Length ? 3 : NiceDecoders.FeatureDim);
        var actual = Outputs(decoders, Load(probe.Points), Load(probe.Features["middle"]), Load(probe.Features["fine"]), Load(probe.Features["coarse"]));
        double worst = 0;
        foreach (var (name, expected) in probe.Expected)
        {
            if (!actual.TryGetValue(name, out var values) || values.Length != expected.Length)
                throw new DecoderWeightsException($"probe output '{name}' does not match this model");
            for (int i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs(values[i] - expected[i]));
        }
        return worst;
    }

    private static Dictionary<string, float[]> Outputs(NiceDecoders decoders, Tensor points, Tensor middle, Tensor fine, Tensor coarse) => new()
    {
        ["middleLogit"] = Flat(decoders.MiddleLogit(points, middle)),
        ["fineLogit"] = Flat(decoders.FineLogit(points, middle, fine)),
        ["coarseLogit"] = Flat(decoders.CoarseLogit(coarse)),
    };

    private static float[] Flat(Tensor t) => t.detach().to(float32).contiguous().data<float>().ToArray();
}
