using System.Collections;
using System.Text.RegularExpressions;
using NiceSlam.Core.Decoders;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace NiceSlam.Data.Weights;

/// <summary>
/// Loads the official NICE-SLAM pretrained decoders (the ConvONet checkpoints `middle_fine.pt` and `coarse.pt` of
/// the reference repository, PyTorch zip format, read with TorchSharp.PyBridge) into our decoders, so results can be
/// compared with the reference's. The checkpoints hold <c>{'model': state_dict}</c>; as the reference's loader does,
/// keys with "decoder" and without "encoder" are kept, <c>decoder.coarse_*</c> of middle_fine.pt is the middle
/// decoder (ConvONet called it coarse), <c>decoder.fine_*</c> the fine one, and <c>decoder.*</c> of coarse.pt the
/// coarse decoder. Parameter names map one to one (embedder._B → embedder.B, pts_linears → layers, fc_c →
/// featureLayers, output_linear → output); the fine decoder's feature layers take [fine, middle] features there and
/// [middle, fine] here, so their weight columns are swapped. Loading is strict like the reference's
/// <c>load_state_dict</c>: a missing, unexpected or misshapen tensor is refused with its name.
/// </summary>
public static class OfficialCheckpoints
{
    /// <summary>Copies the checkpoints' decoders into <paramref name="decoders"/> (middle and fine from
    /// <paramref name="middleFinePath"/>, coarse from <paramref name="coarsePath"/> when given). Nothing is changed
    /// unless every tensor fits.</summary>
    public static void Load(NiceDecoders decoders, string middleFinePath, string? coarsePath = null)
    {
        var mapped = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (key, value) in ReadStateDict(middleFinePath))
        {
            if (!key.StartsWith("decoder.", StringComparison.Ordinal) || key.Contains("encoder", StringComparison.Ordinal)) continue;
            string rest = key["decoder.".Length..];
            if (rest.StartsWith("coarse_", StringComparison.Ordinal)) Add(mapped, "middle." + OurName(rest["coarse_".Length..], middleFinePath), value, middleFinePath);
            else if (rest.StartsWith("fine_", StringComparison.Ordinal))
            {
                string name = "fine." + OurName(rest["fine_".Length..], middleFinePath);
                Add(mapped, name, IsFeatureWeight(name) ? SwapFeatureHalves(value) : value, middleFinePath);
            }
            else throw new DecoderWeightsException($"{middleFinePath}: unexpected decoder tensor '{key}' (expected decoder.coarse_* or decoder.fine_*)");
        }
        if (coarsePath is not null)
            foreach (var (key, value) in ReadStateDict(coarsePath))
            {
                if (!key.StartsWith("decoder.", StringComparison.Ordinal) || key.Contains("encoder", StringComparison.Ordinal)) continue;
                Add(mapped, "coarse." + OurName(key["decoder.".Length..], coarsePath), value, coarsePath);
            }

        var targets = decoders.named_parameters()
            .Where(p => p.name.StartsWith("middle.", StringComparison.Ordinal) || p.name.StartsWith("fine.", StringComparison.Ordinal)
                || (coarsePath is not null && p.name.StartsWith("coarse.", StringComparison.Ordinal)))
            .ToDictionary(p => p.name, p => p.parameter, StringComparer.Ordinal);
        var missing = targets.Keys.Except(mapped.Keys).ToList();
        var unexpected = mapped.Keys.Except(targets.Keys).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
            throw new DecoderWeightsException($"official checkpoints do not match the decoders: missing {Describe(missing)}, unexpected {Describe(unexpected)}");
        foreach (var (name, target) in targets)
            if (!target.shape.SequenceEqual(mapped[name].shape))
                throw new DecoderWeightsException($"official checkpoint tensor for {name} has shape [{string.Join(", ", mapped[name].shape)}], the decoder needs [{string.Join(", ", target.shape)}]");
        using (no_grad())
            foreach (var (name, target) in targets) target.copy_(mapped[name].to(target.dtype, target.device));
        foreach (var t in mapped.Values) t.Dispose();
    }

    /// <summary>The state dict of a PyTorch checkpoint: its 'model' entry when it has one, else the whole dict.</summary>
    public static IReadOnlyList<(string Key, Tensor Value)> ReadStateDict(string path)
    {
        if (!File.Exists(path)) throw new DecoderWeightsException($"{path}: checkpoint not found");
        Hashtable root;
        try { root = PyTorchUnpickler.UnpickleStateDict(path); }
        catch (Exception e) when (e is InvalidDataException or NotImplementedException or NotSupportedException or IOException or InvalidCastException
            or Razorvine.Pickle.PickleException or ArgumentException)
        {
            throw new DecoderWeightsException($"{path}: not a readable PyTorch checkpoint (zip format, torch >= 1.6): {e.Message}");
        }
        var dict = root["model"] as IDictionary ?? root;
        var result = new List<(string, Tensor)>();
        foreach (DictionaryEntry entry in dict)
            if (entry.Key is string key && entry.Value is Tensor tensor) result.Add((key, tensor));
        if (result.Count == 0) throw new DecoderWeightsException($"{path}: no tensors in the checkpoint");
        return result;
    }

    private static readonly Regex Layer = new(@"^(pts_linears|fc_c)\.(\d+)\.(weight|bias)$", RegexOptions.Compiled);

    /// <summary>Our parameter name (below the decoder) for a parameter name of the reference's MLP.</summary>
    internal static string OurName(string official, string origin)
    {
        if (official == "embedder._B") return "embedder.B";
        if (official is "output_linear.weight" or "output_linear.bias") return "output." + official["output_linear.".Length..];
        var m = Layer.Match(official);
        if (m.Success) return $"{(m.Groups[1].Value == "pts_linears" ? "layers" : "featureLayers")}.{m.Groups[2].Value}.{m.Groups[3].Value}";
        throw new DecoderWeightsException($"{origin}: unknown decoder parameter '{official}'");
    }

    private static bool IsFeatureWeight(string name) => name.StartsWith("fine.featureLayers.", StringComparison.Ordinal) && name.EndsWith(".weight", StringComparison.Ordinal);

    /// <summary>[out, 2C] weights over [fine, middle] features → over [middle, fine].</summary>
    internal static Tensor SwapFeatureHalves(Tensor weight)
    {
        long half = weight.shape[1] / 2;
        return cat([weight.narrow(1, half, half), weight.narrow(1, 0, half)], 1);
    }

    private static void Add(Dictionary<string, Tensor> mapped, string name, Tensor value, string origin)
    {
        if (!mapped.TryAdd(name, value)) throw new DecoderWeightsException($"{origin}: two tensors for {name}");
    }

    private static string Describe(IReadOnlyCollection<string> names) => names.Count == 0 ? "none" : string.Join(", ", names.Take(6)) + (names.Count > 6 ? $" and {names.Count - 6} more" : "");
}
