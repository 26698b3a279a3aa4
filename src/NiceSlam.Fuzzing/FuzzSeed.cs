namespace NiceSlam.Fuzzing;

/// <summary>How the mutation engine sees a seed: raw bytes, lines of text, or a MessagePack document.</summary>
public enum SeedFormat
{
    Binary,
    Text,
    MessagePack,
}

/// <summary>A length or count field of a binary seed: where it lies, its width in bytes (1, 2, 4 or 8) and byte order.</summary>
public readonly record struct LengthField(int Offset, int Width, bool BigEndian = false);

/// <summary>
/// A valid input a target starts from. <paramref name="Variant"/> names it (and tells the target how to use an
/// input made from it, e.g. which file of a dataset folder it replaces); <paramref name="Records"/> are the byte
/// ranges of its records (MCAP records, SQLite pages, PNG chunks) for duplicating, dropping and shuffling them;
/// <paramref name="LengthFields"/> are its known length and count fields.
/// </summary>
public sealed record FuzzSeed(
    string Variant,
    byte[] Data,
    SeedFormat Format = SeedFormat.Binary,
    IReadOnlyList<Range>? Records = null,
    IReadOnlyList<LengthField>? LengthFields = null);

/// <summary>One input given to a target: the seed variant it was made from and its bytes.</summary>
public sealed record FuzzCase(string Variant, byte[] Data);
