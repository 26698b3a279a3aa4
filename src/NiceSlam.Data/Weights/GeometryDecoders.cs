using NiceSlam.Core.Decoders;

namespace NiceSlam.Data.Weights;

/// <summary>Where the frozen geometry decoders come from: the shipped pretrained weights (default), or the official
/// NICE-SLAM checkpoints in a folder (middle_fine.pt, and coarse.pt when present) to compare with the reference.</summary>
public static class GeometryDecoders
{
    /// <summary>Loads the geometry decoders into <paramref name="decoders"/> and says which were loaded.</summary>
    /// <param name="officialFolder">Empty or null: the shipped weights.</param>
    public static string Load(NiceDecoders decoders, string? officialFolder = null)
    {
        if (string.IsNullOrWhiteSpace(officialFolder))
        {
            var weights = ShippedDecoderWeights.LoadGeometry(decoders);
            return $"shipped pretrained weights (sha256 {Convert.ToHexString(weights.Sha256)[..12]}, {weights.Metadata.GetValueOrDefault("command", "?")})";
        }
        string middleFine = Path.Combine(officialFolder, "middle_fine.pt"), coarse = Path.Combine(officialFolder, "coarse.pt");
        if (!File.Exists(middleFine)) throw new DecoderWeightsException($"{officialFolder}: no middle_fine.pt (the official NICE-SLAM pretrained decoders)");
        if (File.Exists(coarse))
        {
            OfficialCheckpoints.Load(decoders, middleFine, coarse);
            return $"official checkpoints {middleFine} and {coarse}";
        }
        // No coarse checkpoint: the coarse decoder keeps the shipped weights.
        ShippedDecoderWeights.LoadGeometry(decoders);
        OfficialCheckpoints.Load(decoders, middleFine);
        return $"official checkpoint {middleFine} (coarse: shipped weights)";
    }
}
