using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;

namespace NiceSlam.Fuzzing.Mutation;

/// <summary>
/// The mutation engine: turns a valid seed into an input nobody designed, reproducibly from its
/// <see cref="System.Random"/>. One to four mutations are stacked per input.
/// <list type="bullet">
/// <item>bytes: bit flips, interesting bytes and integers (0, ±1, 0x7F.., 0x80.., 0xFF..) at random offsets,
/// truncation, deletion, insertion and duplication of ranges;</item>
/// <item>length fields (declared by the seed): set to 0, ±1 around their value, doubled, or to the extremes;</item>
/// <item>records (MCAP records, SQLite pages, PNG chunks, lines of text, MessagePack array elements and map
/// entries): duplicated, dropped, swapped, shuffled, or cut in the middle;</item>
/// <item>text: numbers replaced by extremes (1e308, -1, nan, 2^31, 20 digits), YAML/CSV syntax characters,
/// NUL and invalid UTF-8 inserted, indentation changed;</item>
/// <item>MessagePack documents: a node replaced by another type, integers set to extremes, strings and blobs
/// cut or grown, then written back as valid MessagePack.</item>
/// </list>
/// </summary>
public sealed class Mutator(Random random)
{
    private static readonly byte[] InterestingBytes = [0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF, 0x20, 0x0A, 0x3A, 0x2D];

    private static readonly ulong[] InterestingIntegers =
    [
        0, 1, 2, 3, 4, 7, 8, 16, 255, 256, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF,
        0x1_0000_0000, 0x0100_0000, 0x1000_0000, 0x4000_0000, 0x7FFF_0000, 0x7FFF_FFC7, 0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0000, ulong.MaxValue, ulong.MaxValue - 1,
    ];

    private static readonly string[] InterestingNumbers =
    [
        "0", "-0", "1", "-1", "2", "1e308", "-1e308", "1e-320", "nan", "NaN", "inf", "-inf", ".inf", "2147483647",
        "2147483648", "-2147483649", "4294967296", "9223372036854775808", "99999999999999999999", "0x10", "1.5", "",
        "1e", "--1", "1,5", "１",
    ];

    private static readonly string[] InterestingText =
    [
        ":", ": ", "-", "- ", "[", "]", "{", "}", "\"", "'", "#", "\t", " ", "\0", "\n", "\r", "%", "&a", "*a", "!", "|",
        ">", ",", "?", "~", "\\", "\uFFFD", "é", "  ", "\n  ", "!!binary ", "&x [*x, *x]",
    ];

    private static readonly Regex Number = new(@"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", RegexOptions.CultureInvariant);

    public Random Random => random;

    /// <summary>A mutated copy of <paramref name="seed"/>'s data.</summary>
    public byte[] Mutate(FuzzSeed seed)
    {
        int rounds = StackDepth();
        switch (seed.Format)
        {
            case SeedFormat.Text:
            {
                string text = Encoding.UTF8.GetString(seed.Data);
                byte[]? bytes = null;
                for (int i = 0; i < rounds; i++)
                {
                    if (random.Next(6) == 0) bytes = MutateBytes(bytes ?? Encoding.UTF8.GetBytes(text), null, null);
                    else
                    {
                        if (bytes is not null) { text = Encoding.UTF8.GetString(bytes); bytes = null; }
                        text = MutateText(text);
                    }
                }
                return bytes ?? Encoding.UTF8.GetBytes(text);
            }
            case SeedFormat.MessagePack:
            {
                var root = MessagePackTree.Read(seed.Data);
                for (int i = 0; i < rounds; i++) MutateTree(root);
                byte[] bytes = MessagePackTree.Write(root);
                return random.Next(5) == 0 ? MutateBytes(bytes, null, null) : bytes;
            }
            default:
            {
                byte[] bytes = MutateBytes(seed.Data, seed.Records, seed.LengthFields);
                for (int i = 1; i < rounds; i++) bytes = MutateBytes(bytes, null, null);
                return bytes;
            }
        }
    }

    /// <summary>A MessagePack document with one to four structural mutations and no byte-level one: for documents
    /// that are an intermediate form (rows to write into a database) or are re-sealed afterwards.</summary>
    public MessagePackTree.Node MutateDocument(byte[] messagePack)
    {
        var root = MessagePackTree.Read(messagePack);
        int rounds = StackDepth();
        for (int i = 0; i < rounds; i++) MutateTree(root);
        return root;
    }

    /// <summary>One to four mutations, mostly one: single mutations find the reader's checks one at a time.</summary>
    private int StackDepth() => random.Next(8) switch { < 4 => 1, < 6 => 2, 6 => 3, _ => 4 };

    // ---- bytes --------------------------------------------------------------------------------------------------

    /// <summary>One mutation of raw bytes; record and length-field mutations when the seed declares them.</summary>
    public byte[] MutateBytes(byte[] data, IReadOnlyList<Range>? records, IReadOnlyList<LengthField>? lengthFields)
    {
        bool hasRecords = records is { Count: > 0 };
        bool hasLengths = lengthFields is { Count: > 0 };
        int choice = random.Next(hasRecords ? 14 : 9);
        if (choice >= 9) return MutateRecords(data, records!);
        if (choice == 8 && hasLengths) return MutateLengthField(data, lengthFields![random.Next(lengthFields.Count)]);
        if (data.Length == 0) return [.. RandomBytes(1 + random.Next(16))];
        byte[] result = choice switch
        {
            0 or 1 => FlipBits(data),
            2 => SetByte(data),
            3 or 8 => SetInteger(data),
            4 => data[..random.Next(data.Length)],
            5 => Delete(data),
            6 => Insert(data),
            _ => DuplicateRange(data),
        };
        return result;
    }

    private byte[] FlipBits(byte[] data)
    {
        var copy = (byte[])data.Clone();
        int flips = 1 + random.Next(4);
        for (int i = 0; i < flips; i++) copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        return copy;
    }

    private byte[] SetByte(byte[] data)
    {
        var copy = (byte[])data.Clone();
        copy[random.Next(copy.Length)] = random.Next(3) == 0 ? (byte)random.Next(256) : InterestingBytes[random.Next(InterestingBytes.Length)];
        return copy;
    }

    private byte[] SetInteger(byte[] data)
    {
        int width = (1 << random.Next(1, 4));
        if (data.Length < width) return FlipBits(data);
        int offset = random.Next(data.Length - width + 1);
        if (random.Next(2) == 0) offset -= offset % width;
        var copy = (byte[])data.Clone();
        WriteInteger(copy, new LengthField(offset, width, random.Next(4) == 0), InterestingInteger());
        return copy;
    }

    private ulong InterestingInteger() => random.Next(8) switch
    {
        0 => (ulong)random.NextInt64(),
        1 => (ulong)-random.Next(1, 17),
        _ => InterestingIntegers[random.Next(InterestingIntegers.Length)],
    };

    private byte[] MutateLengthField(byte[] data, LengthField field)
    {
        if (field.Offset + field.Width > data.Length) return FlipBits(data);
        var copy = (byte[])data.Clone();
        ulong value = ReadInteger(copy, field);
        ulong mutated = random.Next(7) switch
        {
            0 => 0,
            1 => value - 1,
            2 => value + 1,
            3 => value * 2,
            4 => value + (ulong)random.Next(1, 4096),
            5 => (ulong)random.NextInt64(),
            _ => InterestingIntegers[random.Next(InterestingIntegers.Length)],
        };
        WriteInteger(copy, field, mutated);
        return copy;
    }

    private static ulong ReadInteger(byte[] data, LengthField f)
    {
        var span = data.AsSpan(f.Offset, f.Width);
        return f.Width switch
        {
            1 => span[0],
            2 => f.BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(span) : BinaryPrimitives.ReadUInt16LittleEndian(span),
            4 => f.BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(span) : BinaryPrimitives.ReadUInt32LittleEndian(span),
            _ => f.BigEndian ? BinaryPrimitives.ReadUInt64BigEndian(span) : BinaryPrimitives.ReadUInt64LittleEndian(span),
        };
    }

    private static void WriteInteger(byte[] data, LengthField f, ulong value)
    {
        var span = data.AsSpan(f.Offset, f.Width);
        switch (f.Width)
        {
            case 1: span[0] = (byte)value; break;
            case 2: if (f.BigEndian) BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)value); else BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)value); break;
            case 4: if (f.BigEndian) BinaryPrimitives.WriteUInt32BigEndian(span, (uint)value); else BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)value); break;
            default: if (f.BigEndian) BinaryPrimitives.WriteUInt64BigEndian(span, value); else BinaryPrimitives.WriteUInt64LittleEndian(span, value); break;
        }
    }

    private byte[] Delete(byte[] data)
    {
        int start = random.Next(data.Length);
        int count = 1 + random.Next(Math.Min(64, data.Length - start));
        return [.. data.AsSpan(0, start), .. data.AsSpan(start + count)];
    }

    private byte[] Insert(byte[] data)
    {
        int at = random.Next(data.Length + 1);
        byte[] inserted = random.Next(2) == 0
            ? RandomBytes(1 + random.Next(32))
            : Enumerable.Repeat(InterestingBytes[random.Next(InterestingBytes.Length)], 1 + random.Next(32)).ToArray();
        return [.. data.AsSpan(0, at), .. inserted, .. data.AsSpan(at)];
    }

    private byte[] DuplicateRange(byte[] data)
    {
        int start = random.Next(data.Length);
        int count = 1 + random.Next(Math.Min(256, data.Length - start));
        int at = random.Next(2) == 0 ? start + count : random.Next(data.Length + 1);
        return [.. data.AsSpan(0, at), .. data.AsSpan(start, count), .. data.AsSpan(at)];
    }

    private byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    // ---- records ------------------------------------------------------------------------------------------------

    /// <summary>Duplicates, drops, swaps or shuffles whole records, or cuts the data inside one. Bytes before the
    /// first record and after the last stay where they are.</summary>
    private byte[] MutateRecords(byte[] data, IReadOnlyList<Range> records)
    {
        var spans = records.Select(r => r.GetOffsetAndLength(data.Length)).OrderBy(r => r.Offset).ToList();
        int head = spans[0].Offset;
        int tail = spans[^1].Offset + spans[^1].Length;
        var order = Enumerable.Range(0, spans.Count).ToList();
        int pick = random.Next(order.Count);
        switch (random.Next(5))
        {
            case 0: order.Insert(random.Next(2) == 0 ? pick + 1 : random.Next(order.Count + 1), pick); break;
            case 1: if (order.Count > 1) order.RemoveAt(pick); break;
            case 2:
            {
                int other = random.Next(order.Count);
                (order[pick], order[other]) = (order[other], order[pick]);
                break;
            }
            case 3: Shuffle(order); break;
            default:
            {
                var (offset, length) = spans[pick];
                return data[..(offset + random.Next(Math.Max(1, length)))];
            }
        }
        var result = new List<byte>(data.Length * 2);
        result.AddRange(data.AsSpan(0, head));
        foreach (int i in order) result.AddRange(data.AsSpan(spans[i].Offset, spans[i].Length));
        result.AddRange(data.AsSpan(tail));
        return [.. result];
    }

    private void Shuffle<T>(IList<T> items)
    {
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    // ---- text ---------------------------------------------------------------------------------------------------

    /// <summary>One mutation of a text: lines as records, numbers, syntax characters, truncation.</summary>
    public string MutateText(string text)
    {
        var lines = text.Split('\n').ToList();
        switch (random.Next(10))
        {
            case 0:
            {
                int i = random.Next(lines.Count);
                lines.Insert(random.Next(2) == 0 ? i + 1 : random.Next(lines.Count + 1), lines[i]);
                return string.Join('\n', lines);
            }
            case 1:
                if (lines.Count > 1) lines.RemoveAt(random.Next(lines.Count));
                return string.Join('\n', lines);
            case 2:
            {
                int a = random.Next(lines.Count), b = random.Next(lines.Count);
                (lines[a], lines[b]) = (lines[b], lines[a]);
                return string.Join('\n', lines);
            }
            case 3:
                Shuffle(lines);
                return string.Join('\n', lines);
            case 4 or 5:
            {
                var matches = Number.Matches(text);
                if (matches.Count == 0) goto default;
                var m = matches[random.Next(matches.Count)];
                return string.Concat(text.AsSpan(0, m.Index), InterestingNumbers[random.Next(InterestingNumbers.Length)], text.AsSpan(m.Index + m.Length));
            }
            case 6:
                return text[..random.Next(text.Length + 1)];
            case 7:
            {
                int i = random.Next(lines.Count);
                lines[i] = random.Next(2) == 0 ? new string(' ', 1 + random.Next(4)) + lines[i] : lines[i].TrimStart();
                return string.Join('\n', lines);
            }
            case 8:
            {
                if (text.Length == 0) goto default;
                int at = random.Next(text.Length);
                return string.Concat(text.AsSpan(0, at), text.AsSpan(Math.Min(text.Length, at + 1 + random.Next(8))));
            }
            default:
            {
                int at = random.Next(text.Length + 1);
                return string.Concat(text.AsSpan(0, at), InterestingText[random.Next(InterestingText.Length)], text.AsSpan(at));
            }
        }
    }

    // ---- MessagePack --------------------------------------------------------------------------------------------

    /// <summary>One structural mutation of a MessagePack document, in place.</summary>
    public void MutateTree(MessagePackTree.Node root)
    {
        var slots = new List<(MessagePackTree.Node Parent, int Index, bool IsKey)>();
        MessagePackTree.Slots(root, slots);
        if (slots.Count == 0) return;
        var (parent, index, isKey) = slots[random.Next(slots.Count)];
        var node = MessagePackTree.Get(parent, index, isKey);
        switch (node)
        {
            case MessagePackTree.Array array when array.Items.Count > 0 && random.Next(3) > 0:
                MutateList(array.Items);
                return;
            case MessagePackTree.Map map when map.Entries.Count > 0 && random.Next(3) > 0:
                MutateList(map.Entries);
                return;
            case MessagePackTree.Integer when random.Next(3) > 0:
                MessagePackTree.Set(parent, index, isKey, new MessagePackTree.Integer(unchecked((long)InterestingInteger()), random.Next(4) == 0));
                return;
            case MessagePackTree.Bytes bytes when random.Next(3) > 0:
            {
                byte[] value = random.Next(3) switch
                {
                    0 => bytes.Value[..random.Next(bytes.Value.Length + 1)],
                    1 => [.. bytes.Value, .. RandomBytes(1 + random.Next(16))],
                    _ => bytes.Value.Length == 0 ? bytes.Value : MutateBytes(bytes.Value, null, null),
                };
                MessagePackTree.Set(parent, index, isKey, bytes with { Value = value });
                return;
            }
            default:
                MessagePackTree.Set(parent, index, isKey, RandomNode());
                return;
        }
    }

    private void MutateList<T>(List<T> items)
    {
        int pick = random.Next(items.Count);
        switch (random.Next(5))
        {
            case 0: items.Insert(random.Next(2) == 0 ? pick + 1 : random.Next(items.Count + 1), items[pick]); break;
            case 1: items.RemoveAt(pick); break;
            case 2:
            {
                int other = random.Next(items.Count);
                (items[pick], items[other]) = (items[other], items[pick]);
                break;
            }
            case 3: Shuffle(items); break;
            default: items.RemoveRange(pick, items.Count - pick); break;
        }
    }

    private MessagePackTree.Node RandomNode() => random.Next(9) switch
    {
        0 => new MessagePackTree.Nil(),
        1 => new MessagePackTree.Boolean(random.Next(2) == 0),
        2 => new MessagePackTree.Integer(unchecked((long)InterestingInteger()), random.Next(4) == 0),
        3 => new MessagePackTree.Float(random.Next(3) switch { 0 => double.NaN, 1 => 1e308, _ => -1.5 }),
        4 => new MessagePackTree.Bytes(Encoding.UTF8.GetBytes(InterestingNumbers[random.Next(InterestingNumbers.Length)]), IsString: true),
        5 => new MessagePackTree.Bytes(RandomBytes(random.Next(64)), IsString: false),
        6 => new MessagePackTree.Array([]),
        7 => new MessagePackTree.Map([]),
        _ => new MessagePackTree.Array([new MessagePackTree.Integer(random.Next(1 << 20), false)]),
    };
}
