using NiceSlam.Core.Decoders;
using TorchSharp;

namespace NiceSlam.Data.Weights;

/// <summary>
/// The pretrained geometry decoders shipped inside this assembly (Weights/decoders.nsw, written by
/// `nice-slam pretrain`; its metadata holds the command and settings that produced it). Loaded by default.
/// </summary>
public static class ShippedDecoderWeights
{
    public const string ResourceName = "NiceSlam.Data.Weights.decoders.nsw";

    public static bool Available => typeof(ShippedDecoderWeights).Assembly.GetManifestResourceInfo(ResourceName) is not null;

    public static WeightsDocument Read()
    {
        using var stream = typeof(ShippedDecoderWeights).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new DecoderWeightsException($"no shipped decoder weights in this build (resource {ResourceName})");
        return DecoderWeightsFile.Read(stream, ResourceName);
    }

    /// <summary>Loads the shipped (or the given file's) middle, fine and coarse weights into <paramref name="decoders"/>.</summary>
    public static WeightsDocument LoadGeometry(NiceDecoders decoders, string? path = null)
    {
        var document = path is null ? Read() : DecoderWeightsFile.Read(path);
        DecoderWeightsFile.LoadInto(document, GeometryParameters(decoders), path ?? ResourceName);
        return document;
    }

    public static IEnumerable<(string Name, torch.Tensor Parameter)> GeometryParameters(NiceDecoders decoders) =>
        decoders.named_parameters().Where(p => NiceDecoders.IsGeometryParameter(p.name)).Select(p => (p.name, (torch.Tensor)p.parameter));
}
