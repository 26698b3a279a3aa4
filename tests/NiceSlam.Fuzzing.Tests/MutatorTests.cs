using System.Text;
using NiceSlam.Fuzzing;
using NiceSlam.Fuzzing.Mutation;

namespace NiceSlam.Fuzzing.Tests;

public class MutatorTests
{
    private static readonly byte[] Records = Encoding.ASCII.GetBytes("HHAAAABBBBCCCCTT");
    private static readonly FuzzSeed RecordSeed = new("r", Records, SeedFormat.Binary,
        [new Range(2, 6), new Range(6, 10), new Range(10, 14)], [new LengthField(0, 2)]);

    [Fact]
    public void TheSameSeedGivesTheSameInputs()
    {
        var a = new Mutator(new Random(5));
        var b = new Mutator(new Random(5));
        var c = new Mutator(new Random(6));
        var fromA = Enumerable.Range(0, 300).Select(_ => a.Mutate(RecordSeed)).ToList();
        var fromB = Enumerable.Range(0, 300).Select(_ => b.Mutate(RecordSeed)).ToList();
        var fromC = Enumerable.Range(0, 300).Select(_ => c.Mutate(RecordSeed)).ToList();
        Assert.True(fromA.Zip(fromB).All(p => p.First.SequenceEqual(p.Second)));
        Assert.False(fromA.Zip(fromC).All(p => p.First.SequenceEqual(p.Second)));
    }

    [Fact]
    public void RecordsAreDuplicatedDroppedAndReorderedWhole()
    {
        var mutator = new Mutator(new Random(1));
        var outputs = Enumerable.Range(0, 3000).Select(_ => Encoding.ASCII.GetString(mutator.MutateBytes(Records, RecordSeed.Records, null))).ToList();
        // Whole-record results keep the head and tail and consist of whole records.
        var whole = outputs.Where(o => o.StartsWith("HH") && o.EndsWith("TT") && (o.Length - 4) % 4 == 0
            && Enumerable.Range(0, (o.Length - 4) / 4).All(i => o.Substring(2 + 4 * i, 4) is "AAAA" or "BBBB" or "CCCC")).ToList();
        Assert.Contains(whole, o => o.Length == 20);                                  // a record duplicated
        Assert.Contains(whole, o => o.Length == 12);                                  // a record dropped
        Assert.Contains(whole, o => o.Length == 16 && o != "HHAAAABBBBCCCCTT");       // reordered
        Assert.Contains(outputs, o => o.Length < 16 && !o.EndsWith("TT") && o.StartsWith("HH")); // cut inside a record
    }

    [Fact]
    public void LengthFieldsGetBoundaryValues()
    {
        var mutator = new Mutator(new Random(2));
        var data = new byte[] { 10, 0, 1, 2, 3 };
        var values = Enumerable.Range(0, 3000).Select(_ => mutator.MutateBytes(data, null, [new LengthField(0, 2)]))
            .Where(o => o.Length == 5 && o.AsSpan(2).SequenceEqual(data.AsSpan(2))).Select(o => BitConverter.ToUInt16(o, 0)).ToHashSet();
        Assert.Contains((ushort)0, values);
        Assert.Contains((ushort)9, values);
        Assert.Contains((ushort)11, values);
        Assert.Contains((ushort)20, values);
        Assert.Contains(ushort.MaxValue, values);
    }

    [Fact]
    public void TextMutationsWorkOnLinesAndNumbers()
    {
        var mutator = new Mutator(new Random(3));
        const string text = "fx: 5\nfy: 6\ncx: 7";
        var outputs = Enumerable.Range(0, 2000).Select(_ => mutator.MutateText(text)).ToHashSet();
        Assert.Contains("fx: 5\nfx: 5\nfy: 6\ncx: 7", outputs);                       // a line duplicated
        Assert.Contains(outputs, o => o.Split('\n').Length == 2);                      // a line dropped
        Assert.Contains(outputs, o => o.Contains("1e308") || o.Contains("nan"));      // a number replaced
        Assert.Contains(outputs, o => text.StartsWith(o) && o.Length < text.Length); // truncated
    }

    [Fact]
    public void MessagePackDocumentsRoundTripAndMutateStructurally()
    {
        var root = new MessagePackTree.Map([
            new(new MessagePackTree.Bytes("tensors"u8.ToArray(), true), new MessagePackTree.Array([new MessagePackTree.Integer(1, false), new MessagePackTree.Integer(2, false)])),
            new(new MessagePackTree.Bytes("name"u8.ToArray(), true), new MessagePackTree.Bytes("x"u8.ToArray(), true)),
        ]);
        byte[] bytes = MessagePackTree.Write(root);
        Assert.Equal(bytes, MessagePackTree.Write(MessagePackTree.Read(bytes)));
        Assert.Equal(new MessagePackTree.Bytes("x"u8.ToArray(), true).Value, ((MessagePackTree.Bytes)MessagePackTree.Field(root, "name")!).Value);

        var mutator = new Mutator(new Random(4));
        var changed = Enumerable.Range(0, 500).Select(_ => MessagePackTree.Write(mutator.MutateDocument(bytes))).ToList();
        Assert.All(changed, c => MessagePackTree.Read(c));                             // still well-formed MessagePack
        Assert.Contains(changed, c => c.Length > bytes.Length);
        Assert.Contains(changed, c => c.Length < bytes.Length);
    }
}
