using System.Text;
using NiceSlam.Core.Decoders;
using NiceSlam.Data.Weights;
using NiceSlam.Fuzzing.Mutation;
using TorchSharp;

namespace NiceSlam.Fuzzing.Targets;

/// <summary>
/// The decoder-weights loader, as `--weights FILE` uses it (<see cref="ShippedDecoderWeights.LoadGeometry"/>: read,
/// check, copy into the geometry decoders), on the shipped weights file. "file": its bytes mutated. "tree": the
/// MessagePack document mutated (tensors duplicated, dropped, shuffled; shapes and names changed; fields given other
/// types) and its SHA-256 recomputed over the mutated tensors, so that the mutation reaches the strict name and
/// shape checks behind the checksum. Clean: <see cref="DecoderWeightsException"/> naming the file.
/// </summary>
public sealed class DecoderWeightsTarget : FuzzTarget
{
    private readonly FuzzSeed[] seeds;
    private readonly NiceDecoders decoders = new(new torch.Generator(1));

    public DecoderWeightsTarget()
    {
        using var resource = typeof(ShippedDecoderWeights).Assembly.GetManifestResourceStream(ShippedDecoderWeights.ResourceName)
            ?? throw new InvalidOperationException("no shipped decoder weights in this build");
        using var bytes = new MemoryStream();
        resource.CopyTo(bytes);
        seeds = [new FuzzSeed("file", bytes.ToArray()), new FuzzSeed("tree", bytes.ToArray(), SeedFormat.MessagePack)];
    }

    public override string Name => "weights";

    public override string Description => "decoder weights files (.nsw) loaded into the geometry decoders: raw bytes, and documents mutated then re-checksummed";

    public override string CleanRejection => nameof(DecoderWeightsException);

    public override IReadOnlyList<FuzzSeed> Seeds => seeds;

    public override bool CallsNativeCode => true;

    private string InputPath => Path.Combine(WorkFolder, "input.nsw");

    public override FuzzCase Next(Mutator mutator)
    {
        var seed = seeds[mutator.Random.Next(seeds.Length)];
        if (seed.Variant == "file") return new FuzzCase(seed.Variant, mutator.Mutate(seed));
        var root = mutator.MutateDocument(seed.Data);
        Reseal(root);
        return new FuzzCase(seed.Variant, MessagePackTree.Write(root));
    }

    public override void Run(FuzzCase input)
    {
        File.WriteAllBytes(InputPath, input.Data);
        ShippedDecoderWeights.LoadGeometry(decoders, InputPath);
    }

    public override bool IsCleanRejection(Exception error, FuzzCase input) =>
        error is DecoderWeightsException && error.Message.StartsWith(InputPath, StringComparison.Ordinal);

    protected override void Dispose(bool disposing)
    {
        if (disposing) decoders.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>Sets "sha256" to the checksum of the tensors as the mutated document lists them, as far as they
    /// still have the shape of tensor entries.</summary>
    private static void Reseal(MessagePackTree.Node root)
    {
        if (root is not MessagePackTree.Map map || MessagePackTree.Field(root, "tensors") is not MessagePackTree.Array tensors) return;
        var entries = tensors.Items.Select(t => new TensorEntry
        {
            Name = MessagePackTree.Field(t, "name") is MessagePackTree.Bytes { IsString: true } n ? Encoding.UTF8.GetString(n.Value) : "",
            Shape = MessagePackTree.Field(t, "shape") is MessagePackTree.Array s ? [.. s.Items.Select(d => d is MessagePackTree.Integer i ? i.Value : 0)] : [],
            Data = MessagePackTree.Field(t, "data") is MessagePackTree.Bytes { IsString: false } d ? d.Value : [],
        }).ToList();
        byte[] checksum = DecoderWeightsFile.Checksum(entries);
        int index = map.Entries.FindIndex(e => e.Key is MessagePackTree.Bytes { IsString: true } k && Encoding.UTF8.GetString(k.Value) == "sha256");
        if (index >= 0) map.Entries[index] = new(map.Entries[index].Key, new MessagePackTree.Bytes(checksum, IsString: false));
    }
}
