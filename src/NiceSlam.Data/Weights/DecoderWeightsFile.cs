using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using MessagePack;
using TorchSharp;
using static TorchSharp.torch;
using NiceSlam.Shared;

namespace NiceSlam.Data.Weights;

/// <summary>A weights file that cannot be used: corrupt, of another format or version, or not matching the model.</summary>
public sealed class DecoderWeightsException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The decoder weights file (`.nsw`), MessagePack-encoded:
/// <code>
/// { format: "niceslam-decoder-weights", version: 1,
///   metadata: { string: string }            // command line, settings, training time, final loss ...
///   tensors: [ { name, shape: [long], data: float32 little-endian bytes } ],   // in parameter order
///   probe: { points: [N*3], features: { name: [..] }, expected: { name: [..] } }  // outputs at training time (optional)
///   sha256: SHA-256 over every tensor's name (UTF-8), shape (int64 LE) and data, in order }
/// </code>
/// Loading is strict: every parameter the model expects must be present with its exact shape, no unknown tensor
/// may be present, and the checksum must match; anything else is a <see cref="DecoderWeightsException"/>.
/// </summary>
public static class DecoderWeightsFile
{
    /// <summary>Reading limits for data from outside (object graph depth, hash-collision-resistant keys).</summary>
    private static readonly MessagePackSerializerOptions Untrusted = MessagePackSerializerOptions.Standard.WithSecurity(MessagePackSecurity.UntrustedData);

    public const string Format = "niceslam-decoder-weights";
    public const int Version = 1;

    public static void Save(string path, IEnumerable<(string Name, Tensor Value)> tensors, IReadOnlyDictionary<string, string>? metadata = null,
        WeightsProbe? probe = null)
    {
        var entries = tensors.Select(t =>
        {
            using var cpu = t.Value.detach().to(float32).cpu().contiguous();
            return new TensorEntry { Name = t.Name, Shape = cpu.shape, Data = MemoryMarshal.AsBytes(cpu.data<float>().ToArray().AsSpan()).ToArray() };
        }).ToList();
        var document = new WeightsDocument
        {
            Format = Format,
            Version = Version,
            Metadata = metadata?.ToDictionary(p => p.Key, p => p.Value) ?? [],
            Tensors = entries,
            Probe = probe,
            Sha256 = Checksum(entries),
        };
        byte[] bytes = MessagePackSerializer.Serialize(document);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    public static WeightsDocument Read(string path)
    {
        if (!File.Exists(path)) throw new DecoderWeightsException($"{path}: weights file not found");
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    public static WeightsDocument Read(Stream stream, string source)
    {
        WeightsDocument document;
        try
        {
            document = MessagePackSerializer.Deserialize<WeightsDocument?>(stream, Untrusted)
                ?? throw new DecoderWeightsException($"{source}: the file holds nil, not a weights document");
        }
        catch (MessagePackSerializationException e)
        {
            throw new DecoderWeightsException($"{source}: not a readable weights file (corrupt or truncated): {e.Message}", e);
        }
        if (document.Format != Format) throw new DecoderWeightsException($"{source}: format '{document.Format}' is not '{Format}'");
        if (document.Version != Version) throw new DecoderWeightsException($"{source}: format version {document.Version} is not supported (this build reads {Version})");
        if (document.Tensors is null || document.Sha256 is null) throw new DecoderWeightsException($"{source}: tensors or checksum missing");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in document.Tensors)
            if (t is null) throw new DecoderWeightsException($"{source}: a tensor entry is nil");
            else if (string.IsNullOrEmpty(t.Name)) throw new DecoderWeightsException($"{source}: a tensor has no name");
            else if (!names.Add(t.Name)) throw new DecoderWeightsException($"{source}: tensor '{t.Name}' appears twice");
            else if (t.Data is null || t.Shape is null || t.Shape.Any(d => d < 0) || t.Data.Length != t.Shape.Aggregate(1L, (a, b) => a * b) * sizeof(float))
                throw new DecoderWeightsException($"{source}: tensor '{t.Name}' has {t.Data?.Length ?? 0} bytes for shape [{string.Join(", ", t.Shape ?? [])}]");
        if (!Checksum(document.Tensors).AsSpan().SequenceEqual(document.Sha256))
            throw new DecoderWeightsException($"{source}: checksum mismatch: the file is corrupt");
        return document;
    }

    /// <summary>Copies the file's tensors into the named parameters (strict: same names, same shapes).</summary>
    public static void LoadInto(WeightsDocument document, IEnumerable<(string Name, Tensor Parameter)> parameters, string source)
    {
        var expected = parameters.ToList();
        var byName = document.Tensors.ToDictionary(t => t.Name);
        var missing = expected.Where(p => !byName.ContainsKey(p.Name)).Select(p => p.Name).ToList();
        if (missing.Count > 0) throw new DecoderWeightsException($"{source}: missing tensors: {string.Join(", ", missing)}");
        var unknown = byName.Keys.Except(expected.Select(p => p.Name)).ToList();
        if (unknown.Count > 0) throw new DecoderWeightsException($"{source}: unexpected tensors: {string.Join(", ", unknown)}");
        foreach (var (name, parameter) in expected)
        {
            var entry = byName[name];
            if (!entry.Shape.SequenceEqual(parameter.shape))
                throw new DecoderWeightsException($"{source}: tensor '{name}' has shape [{string.Join(", ", entry.Shape)}], the model expects [{string.Join(", ", parameter.shape)}]");
        }
        using (no_grad())
            foreach (var (name, parameter) in expected)
            {
                var entry = byName[name];
                float[] values = MemoryMarshal.Cast<byte, float>(entry.Data).ToArray();
                using var loaded = tensor(values, entry.Shape, dtype: float32);
                parameter.copy_(loaded);
            }
    }

    /// <summary>SHA-256 over every tensor's name (UTF-8), shape (int64 LE) and data, in order.</summary>
    internal static byte[] Checksum(IEnumerable<TensorEntry> tensors)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var t in tensors)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(t.Name ?? ""));
            foreach (long d in t.Shape ?? []) hash.AppendData(BitConverter.GetBytes(d));
            hash.AppendData(t.Data ?? []);
        }
        return hash.GetHashAndReset();
    }
}

[MessagePackObject]
public sealed class WeightsDocument
{
    [Key("format")] public string Format { get; set; } = "";
    [Key("version")] public int Version { get; set; }
    [Key("metadata")] public Dictionary<string, string> Metadata { get; set; } = [];
    [Key("tensors")] public List<TensorEntry> Tensors { get; set; } = [];
    [Key("probe")] public WeightsProbe? Probe { get; set; }
    [Key("sha256")] public byte[] Sha256 { get; set; } = [];
}

[MessagePackObject]
public sealed class TensorEntry
{
    [Key("name")] public string Name { get; set; } = "";
    [Key("shape")] public long[] Shape { get; set; } = [];
    [Key("data")] public byte[] Data { get; set; } = [];
}

/// <summary>Fixed inputs and the outputs the decoders gave at training time, so a load can be verified.</summary>
[MessagePackObject]
public sealed class WeightsProbe
{
    [Key("points")] public float[] Points { get; set; } = [];
    [Key("features")] public Dictionary<string, float[]> Features { get; set; } = [];
    [Key("expected")] public Dictionary<string, float[]> Expected { get; set; } = [];
}
