using NiceSlam.Core.Decoders;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Tests.Decoders;

public class NiceDecodersTests
{
    private static long Count(nn.Module module) => module.parameters().Sum(p => p.numel());

    [Fact]
    public void Parameter_counts_match_the_reference_architecture()
    {
        using var decoders = new NiceDecoders(new Generator(1));
        // REFERENCE.md: about 15.8k (middle), 20.9k (fine), 15.9k (colour), 6.3k (coarse).
        Assert.Equal(15_800, Count(decoders.Middle));
        Assert.Equal(20_920, Count(decoders.Fine));
        Assert.Equal(15_899, Count(decoders.Color));
        Assert.Equal(6_337, Count(decoders.Coarse));
        var names = decoders.named_parameters().Select(p => p.name).ToArray();
        Assert.Contains("middle.embedder.B", names);
        Assert.Contains("fine.layers.3.weight", names);
        Assert.Contains("coarse.output.bias", names);
    }

    [Fact]
    public void Shapes_of_the_skip_layer_and_outputs()
    {
        using var scope = NewDisposeScope();
        using var decoders = new NiceDecoders(new Generator(2));
        var parameters = decoders.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);
        Assert.Equal(new long[] { 32, 125 }, parameters["middle.layers.3.weight"]);      // 32 + 93 after the skip
        Assert.Equal(new long[] { 32, 64 }, parameters["fine.featureLayers.0.weight"]);  // [middle, fine] features
        Assert.Equal(new long[] { 32, 64 }, parameters["coarse.layers.3.weight"]);       // 32 + 32 after the skip
        Assert.Equal(new long[] { 3, 93 }, parameters["color.embedder.B"]);
        var points = rand(10, 3);
        Assert.Equal(new long[] { 10 }, decoders.MiddleLogit(points, rand(10, 32)).shape);
        Assert.Equal(new long[] { 10, 3 }, decoders.Rgb(points, rand(10, 32)).shape);
        Assert.Equal(new long[] { 10 }, decoders.CoarseLogit(rand(10, 32)).shape);
    }

    [Fact]
    public void Fine_logit_is_the_middle_logit_plus_a_residual_that_sends_no_gradient_to_the_middle_feature()
    {
        using var scope = NewDisposeScope();
        using var decoders = new NiceDecoders(new Generator(3));
        var points = rand(8, 3);
        var middle = rand(8, 32).requires_grad_(true);
        var fineFeature = rand(8, 32).requires_grad_(true);
        var fineLogit = decoders.FineLogit(points, middle, fineFeature);
        var expected = decoders.MiddleLogit(points, middle) + decoders.Fine.forward(points, cat([middle, fineFeature], -1)).squeeze(-1);
        Assert.True(allclose(fineLogit, expected, 1e-5, 1e-6));
        fineLogit.sum().backward();
        Assert.True(fineFeature.grad is not null && fineFeature.grad.abs().sum().item<float>() > 0);
        // The middle feature's gradient is exactly what the middle logit alone gives: nothing through the residual.
        var throughFine = middle.grad!.clone();
        middle.grad!.zero_();
        decoders.MiddleLogit(points, middle).sum().backward();
        Assert.True(allclose(throughFine, middle.grad!, 1e-6, 1e-7), "middle feature got gradient through the fine residual");
    }

    [Fact]
    public void Occupancy_is_sigmoid_of_ten_times_the_logit_and_initialisation_is_seeded()
    {
        using var scope = NewDisposeScope();
        var logit = tensor(new[] { -1f, 0f, 0.1f });
        var occupancy = NiceDecoders.Occupancy(logit);
        Assert.Equal(0.5f, occupancy[1].item<float>(), 6);
        Assert.Equal((float)(1 / (1 + Math.Exp(-1))), occupancy[2].item<float>(), 5);
        using var a = new NiceDecoders(new Generator(7));
        using var b = new NiceDecoders(new Generator(7));
        using var c = new NiceDecoders(new Generator(8));
        Assert.True(a.Middle.parameters().Zip(b.Middle.parameters()).All(p => (p.First == p.Second).all().item<bool>()));
        Assert.False(a.Middle.parameters().Zip(c.Middle.parameters()).All(p => (p.First == p.Second).all().item<bool>()));
    }

    [Fact]
    public void Freezing_the_geometry_leaves_only_the_colour_decoder_trainable()
    {
        using var decoders = new NiceDecoders(new Generator(4));
        decoders.SetGeometryTrainable(false);
        var trainable = decoders.named_parameters().Where(p => p.parameter.requires_grad).Select(p => p.name).ToArray();
        Assert.NotEmpty(trainable);
        Assert.All(trainable, n => Assert.StartsWith("color.", n));
        Assert.All(decoders.named_parameters().Where(p => !p.parameter.requires_grad), p => Assert.True(NiceDecoders.IsGeometryParameter(p.name)));
    }
}
