using NiceSlam.Core.Decoders;
using NiceSlam.Data.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Data.Tests.Weights;

public sealed class DecoderWeightsFileTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("niceslam-weights-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static IEnumerable<(string, Tensor)> Geometry(NiceDecoders d) =>
        d.named_parameters().Where(p => NiceDecoders.IsGeometryParameter(p.name)).Select(p => (p.name, (Tensor)p.parameter));

    private string SaveSample(out NiceDecoders source)
    {
        source = new NiceDecoders(new Generator(11));
        string path = Path.Combine(dir, "decoders.nsw");
        DecoderWeightsFile.Save(path, Geometry(source), new Dictionary<string, string> { ["command"] = "test" });
        return path;
    }

    [Fact]
    public void Round_trip_reproduces_every_geometry_parameter_and_the_metadata()
    {
        string path = SaveSample(out var source);
        using var target = new NiceDecoders(new Generator(12));
        var document = DecoderWeightsFile.Read(path);
        Assert.Equal("test", document.Metadata["command"]);
        DecoderWeightsFile.LoadInto(document, Geometry(target), path);
        var a = source.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, parameter) in target.named_parameters().Where(p => NiceDecoders.IsGeometryParameter(p.name)))
            Assert.True((a[name] == parameter).all().item<bool>(), name);
        // The colour decoder is not in the file and keeps its own initialisation.
        Assert.False((a["color.embedder.B"] == target.named_parameters().Single(p => p.name == "color.embedder.B").parameter).all().item<bool>());
        source.Dispose();
    }

    [Fact]
    public void A_flipped_byte_is_refused()
    {
        string path = SaveSample(out var source);
        source.Dispose();
        byte[] bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x5A;
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<DecoderWeightsException>(() => DecoderWeightsFile.Read(path));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void A_truncated_file_is_refused_with_a_clear_message()
    {
        string path = SaveSample(out var source);
        source.Dispose();
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 3)]);
        var error = Assert.Throws<DecoderWeightsException>(() => DecoderWeightsFile.Read(path));
        Assert.Contains("corrupt or truncated", error.Message);
    }

    [Fact]
    public void Missing_unknown_and_misshapen_tensors_are_named()
    {
        using var decoders = new NiceDecoders(new Generator(13));
        var all = Geometry(decoders).ToList();
        string path = Path.Combine(dir, "partial.nsw");
        DecoderWeightsFile.Save(path, all.Skip(1));
        var missing = Assert.Throws<DecoderWeightsException>(() => DecoderWeightsFile.LoadInto(DecoderWeightsFile.Read(path), Geometry(decoders), path));
        Assert.Contains(all[0].Item1, missing.Message);

        DecoderWeightsFile.Save(path, all.Append(("extra.weight", zeros(2))));
        var unknown = Assert.Throws<DecoderWeightsException>(() => DecoderWeightsFile.LoadInto(DecoderWeightsFile.Read(path), Geometry(decoders), path));
        Assert.Contains("extra.weight", unknown.Message);

        DecoderWeightsFile.Save(path, all.Select((t, i) => i == 0 ? (t.Item1, zeros(7, 7)) : t));
        var shape = Assert.Throws<DecoderWeightsException>(() => DecoderWeightsFile.LoadInto(DecoderWeightsFile.Read(path), Geometry(decoders), path));
        Assert.Contains("[7, 7]", shape.Message);
    }

    [Fact]
    public void Other_formats_and_missing_files_are_refused()
    {
        string path = Path.Combine(dir, "other.nsw");
        File.WriteAllBytes(path, MessagePack.MessagePackSerializer.Serialize(new WeightsDocument { Format = "something-else", Version = 1 }));
        Assert.Contains("something-else", Assert.Throws<DecoderWeightsException>(() => DecoderWeightsFile.Read(path)).Message);
        File.WriteAllBytes(path, MessagePack.MessagePackSerializer.Serialize(new WeightsDocument { Format = DecoderWeightsFile.Format, Version = 99 }));
        Assert.Contains("version 99", Assert.Throws<DecoderWeightsException>(() => DecoderWeightsFile.Read(path)).Message);
        Assert.Throws<DecoderWeightsException>(() => DecoderWeightsFile.Read(Path.Combine(dir, "absent.nsw")));
    }
}
