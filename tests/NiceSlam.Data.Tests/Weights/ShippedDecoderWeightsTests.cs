using NiceSlam.Core.Decoders;
using NiceSlam.Data.Weights;
using TorchSharp;

namespace NiceSlam.Data.Tests.Weights;

public class ShippedDecoderWeightsTests
{
    [Fact]
    public void The_shipped_weights_load_strictly_and_reproduce_their_training_time_outputs()
    {
        Assert.True(ShippedDecoderWeights.Available, $"resource {ShippedDecoderWeights.ResourceName} missing from the build");
        using var decoders = new NiceDecoders(new torch.Generator(5));
        var document = ShippedDecoderWeights.LoadGeometry(decoders);
        Assert.NotNull(document.Probe);
        Assert.True(DecoderProbe.MaxDifference(decoders, document.Probe!) < 1e-5);
        // The file says how it was made.
        Assert.StartsWith("nice-slam pretrain", document.Metadata["command"]);
        Assert.True(document.Metadata.ContainsKey("steps") && document.Metadata.ContainsKey("seed"));
    }

    [Fact]
    public void Random_decoders_do_not_pass_the_probe()
    {
        using var decoders = new NiceDecoders(new torch.Generator(5));
        var probe = ShippedDecoderWeights.Read().Probe!;
        Assert.True(DecoderProbe.MaxDifference(decoders, probe) > 1e-3);
    }
}
