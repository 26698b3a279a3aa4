using System.Buffers;
using MessagePack;

namespace NiceSlam.Fuzzing.Mutation;

/// <summary>
/// A MessagePack document as a plain tree, so that the mutation engine can change its structure (duplicate an
/// array element, give a field another type) and write it back as well-formed MessagePack that a reader then
/// decodes field by field. Only valid seeds are parsed here.
/// </summary>
public static class MessagePackTree
{
    public abstract record Node;

    public sealed record Nil : Node;

    public sealed record Boolean(bool Value) : Node;

    /// <summary>An integer; <paramref name="Unsigned"/> writes its bits as uint64.</summary>
    public sealed record Integer(long Value, bool Unsigned) : Node;

    public sealed record Float(double Value) : Node;

    /// <summary>A str (UTF-8 bytes) or bin.</summary>
    public sealed record Bytes(byte[] Value, bool IsString) : Node;

    public sealed record Extension(sbyte Type, byte[] Value) : Node;

    public sealed record Array(List<Node> Items) : Node;

    public sealed record Map(List<KeyValuePair<Node, Node>> Entries) : Node;

    public static Node Read(byte[] data)
    {
        var reader = new MessagePackReader(data);
        return ReadNode(ref reader);
    }

    public static byte[] Write(Node root)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        WriteNode(ref writer, root);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Every place a node sits (array items, map keys and values), depth first.</summary>
    public static void Slots(Node node, List<(Node Parent, int Index, bool IsKey)> slots)
    {
        switch (node)
        {
            case Array a:
                for (int i = 0; i < a.Items.Count; i++) { slots.Add((a, i, false)); Slots(a.Items[i], slots); }
                break;
            case Map m:
                for (int i = 0; i < m.Entries.Count; i++)
                {
                    slots.Add((m, i, true));
                    slots.Add((m, i, false));
                    Slots(m.Entries[i].Value, slots);
                }
                break;
        }
    }

    public static Node Get(Node parent, int index, bool isKey) => parent switch
    {
        Array a => a.Items[index],
        Map m => isKey ? m.Entries[index].Key : m.Entries[index].Value,
        _ => throw new ArgumentException("not a container", nameof(parent)),
    };

    public static void Set(Node parent, int index, bool isKey, Node value)
    {
        switch (parent)
        {
            case Array a: a.Items[index] = value; break;
            case Map m:
                var entry = m.Entries[index];
                m.Entries[index] = isKey ? new(value, entry.Value) : new(entry.Key, value);
                break;
        }
    }

    /// <summary>The value under string key <paramref name="key"/> of a map, or null.</summary>
    public static Node? Field(Node map, string key) =>
        map is Map m ? m.Entries.FirstOrDefault(e => e.Key is Bytes { IsString: true } k && System.Text.Encoding.UTF8.GetString(k.Value) == key).Value : null;

    private static Node ReadNode(ref MessagePackReader reader)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Nil: reader.ReadNil(); return new Nil();
            case MessagePackType.Boolean: return new Boolean(reader.ReadBoolean());
            case MessagePackType.Integer:
                return reader.NextCode == MessagePackCode.UInt64 ? new Integer(unchecked((long)reader.ReadUInt64()), true) : new Integer(reader.ReadInt64(), false);
            case MessagePackType.Float: return new Float(reader.ReadDouble());
            case MessagePackType.String: return new Bytes(reader.ReadStringSequence()?.ToArray() ?? [], IsString: true);
            case MessagePackType.Binary: return new Bytes(reader.ReadBytes()?.ToArray() ?? [], IsString: false);
            case MessagePackType.Extension:
            {
                var header = reader.ReadExtensionFormatHeader();
                return new Extension(header.TypeCode, reader.ReadRaw(header.Length).ToArray());
            }
            case MessagePackType.Array:
            {
                int count = reader.ReadArrayHeader();
                var items = new List<Node>(count);
                for (int i = 0; i < count; i++) items.Add(ReadNode(ref reader));
                return new Array(items);
            }
            case MessagePackType.Map:
            {
                int count = reader.ReadMapHeader();
                var entries = new List<KeyValuePair<Node, Node>>(count);
                for (int i = 0; i < count; i++)
                {
                    var key = ReadNode(ref reader);
                    entries.Add(new(key, ReadNode(ref reader)));
                }
                return new Map(entries);
            }
            default: throw new InvalidDataException($"unknown MessagePack code 0x{reader.NextCode:x2}");
        }
    }

    private static void WriteNode(ref MessagePackWriter writer, Node node)
    {
        switch (node)
        {
            case Nil: writer.WriteNil(); break;
            case Boolean b: writer.Write(b.Value); break;
            case Integer { Unsigned: true } i: writer.Write(unchecked((ulong)i.Value)); break;
            case Integer i: writer.Write(i.Value); break;
            case Float f: writer.Write(f.Value); break;
            case Bytes { IsString: true } s: writer.WriteString(s.Value); break;
            case Bytes b: writer.Write(b.Value); break;
            case Extension e:
                writer.WriteExtensionFormatHeader(new ExtensionHeader(e.Type, (uint)e.Value.Length));
                writer.WriteRaw(e.Value);
                break;
            case Array a:
                writer.WriteArrayHeader(a.Items.Count);
                foreach (var item in a.Items) WriteNode(ref writer, item);
                break;
            case Map m:
                writer.WriteMapHeader(m.Entries.Count);
                foreach (var (key, value) in m.Entries)
                {
                    WriteNode(ref writer, key);
                    WriteNode(ref writer, value);
                }
                break;
        }
    }
}
