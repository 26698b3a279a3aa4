using NiceSlam.Data.Synthetic;

namespace NiceSlam.Data.Datasets;

/// <summary>Opens what users name as a source: "synthetic" (the embedded sequence, no download) or a dataset
/// folder whose layout <see cref="DatasetFactory"/> detects. The CLI and the node both go through here.</summary>
public static class FrameSources
{
    public const string Synthetic = "synthetic";

    public static IRgbdDataset Open(string source, SyntheticSequenceOptions? synthetic = null, DatasetKind kind = DatasetKind.Auto)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        return string.Equals(source.Trim(), Synthetic, StringComparison.OrdinalIgnoreCase)
            ? new SyntheticSequence(synthetic ?? new SyntheticSequenceOptions())
            : DatasetFactory.Open(source, kind);
    }
}
