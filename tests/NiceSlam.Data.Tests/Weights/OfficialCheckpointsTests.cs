using System.Collections;
using NiceSlam.Core.Decoders;
using NiceSlam.Data.Weights;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace NiceSlam.Data.Tests.Weights;

/// <summary>
/// The official checkpoints' layout, written as PyTorch files ({'model': state_dict}, zip format) with the
/// reference's key names: middle_fine.pt holds decoder.coarse_* (middle) and decoder.fine_*, coarse.pt decoder.*,
/// beside encoder tensors the loader must skip.
/// </summary>
public sealed class OfficialCheckpointsTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("niceslam-pt-").FullName;
    private int written;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    /// <summary>The reference's parameter name for one of ours (inverse of the documented mapping).</summary>
    private static string Official(string ours) => ours
        .Replace("embedder.B", "embedder._B").Replace("featureLayers.", "fc_c.").Replace("layers.", "pts_linears.").Replace("output.", "output_linear.");

    /// <summary>Writes decoders <paramref name="source"/> in the official layout; the fine feature layers in the
    /// reference's [fine, middle] column order.</summary>
    private (string MiddleFine, string Coarse) WriteOfficial(NiceDecoders source, Action<Hashtable>? edit = null)
    {
        var middleFine = new Hashtable { ["encoder.fc_pos.weight"] = zeros(4, 3) };
        var coarse = new Hashtable { ["encoder.fc_pos.weight"] = zeros(4, 3) };
        foreach (var (name, p) in source.named_parameters())
        {
            var value = p.detach().clone();
            int dot = name.IndexOf('.');
            string level = name[..dot], rest = Official(name[(dot + 1)..]);
            if (level == "fine" && rest.StartsWith("fc_c.") && rest.EndsWith(".weight"))
                value = cat([value.narrow(1, 32, 32), value.narrow(1, 0, 32)], 1);       // ours [middle, fine] → [fine, middle]
            if (level == "middle") middleFine["decoder.coarse_" + rest] = value;
            else if (level == "fine") middleFine["decoder.fine_" + rest] = value;
            else if (level == "coarse") coarse["decoder." + rest] = value;
        }
        edit?.Invoke(middleFine);
        // A fresh folder per call: PyBridge writes with File.OpenWrite, which does not truncate an existing file.
        string folder = Directory.CreateDirectory(Path.Combine(dir, $"ckpt{Interlocked.Increment(ref written)}")).FullName;
        string a = Path.Combine(folder, "middle_fine.pt"), b = Path.Combine(folder, "coarse.pt");
        PyTorchPickler.PickleStateDict(a, new Hashtable { ["model"] = middleFine });
        PyTorchPickler.PickleStateDict(b, new Hashtable { ["model"] = coarse });
        return (a, b);
    }

    [Fact]
    public void Official_checkpoints_load_into_decoders_that_then_compute_the_same_occupancy()
    {
        using var source = new NiceDecoders(new Generator(5));
        using var target = new NiceDecoders(new Generator(9));
        var (middleFine, coarse) = WriteOfficial(source);
        OfficialCheckpoints.Load(target, middleFine, coarse);

        using var scope = NewDisposeScope();
        using var gen = new Generator(1);
        var points = rand(new long[] { 50, 3 }, generator: gen) * 4 - 2;
        var middle = randn(new long[] { 50, 32 }, generator: gen);
        var fine = randn(new long[] { 50, 32 }, generator: gen);
        var coarseFeature = randn(new long[] { 50, 32 }, generator: gen);
        Assert.True(source.FineLogit(points, middle, fine).allclose(target.FineLogit(points, middle, fine)));
        Assert.True(source.CoarseLogit(coarseFeature).allclose(target.CoarseLogit(coarseFeature)));
        // The colour decoder is not in the checkpoints: untouched.
        Assert.False(source.Rgb(points, middle).allclose(target.Rgb(points, middle)));
    }

    [Fact]
    public void The_fine_feature_layers_columns_are_swapped_from_fine_middle_to_middle_fine()
    {
        // Hand-made fc_c.0 weight of the fine decoder: column j holds the value j (j < 32: the fine feature's
        // columns in the reference, j >= 32: the middle feature's). Ours takes [middle, fine]: column 0 must hold
        // 32 (the reference's first middle column) and column 32 must hold 0 (its first fine column).
        using var source = new NiceDecoders(new Generator(5));
        using var target = new NiceDecoders(new Generator(9));
        var columns = arange(64, float32).unsqueeze(0).expand(32, 64).contiguous();
        var (middleFine, _) = WriteOfficial(source, m => m["decoder.fine_fc_c.0.weight"] = columns);
        OfficialCheckpoints.Load(target, middleFine);
        var weight = target.named_parameters().Single(p => p.name == "fine.featureLayers.0.weight").parameter;
        Assert.Equal(32f, weight[0, 0].item<float>());
        Assert.Equal(63f, weight[5, 31].item<float>());
        Assert.Equal(0f, weight[0, 32].item<float>());
        Assert.Equal(31f, weight[7, 63].item<float>());
    }

    [Fact]
    public void A_missing_or_misshapen_tensor_is_refused_with_its_name_and_nothing_is_changed()
    {
        using var source = new NiceDecoders(new Generator(5));
        using var target = new NiceDecoders(new Generator(9));
        var before = target.parameters().Select(p => p.detach().clone()).ToList();
        var (missing, _) = WriteOfficial(source, m => m.Remove("decoder.fine_output_linear.bias"));
        var e = Assert.Throws<DecoderWeightsException>(() => OfficialCheckpoints.Load(target, missing));
        Assert.Contains("fine.output.bias", e.Message);
        var (misshapen, _) = WriteOfficial(source, m => m["decoder.coarse_embedder._B"] = zeros(3, 64));
        e = Assert.Throws<DecoderWeightsException>(() => OfficialCheckpoints.Load(target, misshapen));
        Assert.Contains("middle.embedder.B", e.Message);
        Assert.All(target.parameters().Zip(before), p => Assert.True(p.First.equal(p.Second).all().item<bool>()));
        File.WriteAllText(Path.Combine(dir, "garbage.pt"), "not a checkpoint");
        e = Assert.Throws<DecoderWeightsException>(() => OfficialCheckpoints.Load(target, Path.Combine(dir, "garbage.pt")));
        Assert.Contains("not a readable PyTorch checkpoint", e.Message);
    }
}
