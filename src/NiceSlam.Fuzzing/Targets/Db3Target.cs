using System.Buffers.Binary;
using Microsoft.Data.Sqlite;
using NiceSlam.Bags;
using NiceSlam.Bags.Sqlite;
using NiceSlam.Fuzzing.Mutation;
using MsgNode = NiceSlam.Fuzzing.Mutation.MessagePackTree.Node;

namespace NiceSlam.Fuzzing.Targets;

/// <summary>
/// The sqlite3 (.db3) reader, mutated at two levels. "file": the bytes of a bag written by the library's writer,
/// its records being the SQLite pages (duplicated, dropped, shuffled) and its length fields the header's page size
/// and page count. "rows": the bag's tables as rows (topics: id, name, type, serialization_format,
/// offered_qos_profiles; messages: id, topic_id, timestamp, data) mutated as a MessagePack document (rows duplicated,
/// dropped, shuffled; values given other types: NULL, text for blobs, blobs for names, huge integers) and written
/// into a fresh database whose columns take any type, as a file from another writer could. Each input is opened
/// as a bag file and every message read. Clean: <see cref="BagException"/> naming the file.
/// </summary>
public sealed class Db3Target : FuzzTarget
{
    private const int TopicColumns = 5;
    private const int MessageColumns = 4;
    private readonly FuzzSeed[] seeds;

    public Db3Target()
    {
        byte[] file = SampleBag.Bytes(WorkFolder, "seed", f => new Db3BagWriter(Path.Combine(f, "seed_0.db3")));
        seeds = [FileSeed(file), new FuzzSeed("rows", RowsOf(Path.Combine(WorkFolder, "seed", "seed_0.db3")), SeedFormat.MessagePack)];
    }

    public override string Name => "db3";

    public override string Description => "sqlite3 bag reader: mutated database files and mutated table rows, every message read";

    public override string CleanRejection => nameof(BagException);

    public override IReadOnlyList<FuzzSeed> Seeds => seeds;

    public override bool CallsNativeCode => true;

    private string InputPath => Path.Combine(WorkFolder, "input.db3");

    public override FuzzCase Next(Mutator mutator)
    {
        var seed = seeds[mutator.Random.Next(seeds.Length)];
        return seed.Variant == "rows"
            ? new FuzzCase(seed.Variant, MessagePackTree.Write(mutator.MutateDocument(seed.Data)))
            : new FuzzCase(seed.Variant, mutator.Mutate(seed));
    }

    public override void Run(FuzzCase input)
    {
        File.Delete(InputPath);
        if (input.Variant == "rows") WriteRows(input.Data, InputPath);
        else File.WriteAllBytes(InputPath, input.Data);
        using var reader = BagFolder.Open(InputPath);
        long bytes = 0;
        foreach (var message in reader.ReadMessages()) bytes += message.Data.Length;
        _ = reader.Topics.Count + bytes;
    }

    public override bool IsCleanRejection(Exception error, FuzzCase input) =>
        error is BagException && error.Message.Contains(InputPath, StringComparison.Ordinal);

    private static FuzzSeed FileSeed(byte[] file)
    {
        int pageSize = BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(16)) is var p && p == 1 ? 65536 : p;
        var pages = Enumerable.Range(0, file.Length / pageSize).Select(i => new Range(i * pageSize, (i + 1) * pageSize)).ToList();
        LengthField[] lengths = [new(16, 2, BigEndian: true), new(28, 4, BigEndian: true), new(32, 4, BigEndian: true), new(36, 4, BigEndian: true)];
        return new FuzzSeed("file", file, SeedFormat.Binary, pages, lengths);
    }

    /// <summary>The topics and messages tables of a db3 file as a MessagePack document [[topic rows], [message rows]].</summary>
    private static byte[] RowsOf(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        List<MsgNode> Table(string sql, int columns)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var rows = command.ExecuteReader();
            var result = new List<MsgNode>();
            while (rows.Read())
                result.Add(new MessagePackTree.Array([.. Enumerable.Range(0, columns).Select(i => rows.GetValue(i) switch
                {
                    long l => (MsgNode)new MessagePackTree.Integer(l, false),
                    string s => new MessagePackTree.Bytes(System.Text.Encoding.UTF8.GetBytes(s), IsString: true),
                    byte[] b => new MessagePackTree.Bytes(b, IsString: false),
                    _ => new MessagePackTree.Nil(),
                })]));
            return result;
        }
        var topics = Table("SELECT id, name, type, serialization_format, offered_qos_profiles FROM topics ORDER BY id;", TopicColumns);
        var messages = Table("SELECT id, topic_id, timestamp, data FROM messages ORDER BY id;", MessageColumns);
        return MessagePackTree.Write(new MessagePackTree.Array([new MessagePackTree.Array(topics), new MessagePackTree.Array(messages)]));
    }

    /// <summary>Writes the rows of a (mutated) rows document into a new database with untyped columns; whatever
    /// is not a list of rows becomes no rows, missing values NULL.</summary>
    private static void WriteRows(byte[] document, string path)
    {
        var root = MessagePackTree.Read(document) as MessagePackTree.Array;
        List<MsgNode> Rows(int i) => root is not null && i < root.Items.Count && root.Items[i] is MessagePackTree.Array a ? a.Items : [];
        using (var connection = new SqliteConnection($"Data Source={path};Mode=ReadWriteCreate;Pooling=False"))
        {
            connection.Open();
            using var transaction = connection.BeginTransaction();
            void Execute(string sql, IReadOnlyList<object?>? values = null)
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = sql;
                for (int i = 0; values is not null && i < values.Count; i++) command.Parameters.AddWithValue($"$v{i}", values[i] ?? DBNull.Value);
                command.ExecuteNonQuery();
            }
            Execute("CREATE TABLE topics(id INTEGER PRIMARY KEY, name, type, serialization_format, offered_qos_profiles);");
            Execute("CREATE TABLE messages(id INTEGER PRIMARY KEY, topic_id, timestamp, data);");
            foreach (var (table, columns, rows) in new[] { ("topics", TopicColumns, Rows(0)), ("messages", MessageColumns, Rows(1)) })
                foreach (var row in rows)
                {
                    var items = row is MessagePackTree.Array a ? a.Items : [row];
                    // Row ids may collide after duplication: let SQLite number rows whose id is taken or not an integer.
                    var values = Enumerable.Range(0, columns).Select(i => i < items.Count ? Value(items[i]) : null).ToList();
                    try { Execute($"INSERT INTO {table} VALUES ({string.Join(", ", values.Select((_, i) => $"$v{i}"))});", values); }
                    catch (SqliteException)
                    {
                        values[0] = null;
                        Execute($"INSERT INTO {table} VALUES ({string.Join(", ", values.Select((_, i) => $"$v{i}"))});", values);
                    }
                }
            transaction.Commit();
        }
    }

    private static object? Value(MsgNode node) => node switch
    {
        MessagePackTree.Integer i => i.Value,
        MessagePackTree.Float f => double.IsNaN(f.Value) ? "NaN" : f.Value,
        MessagePackTree.Boolean b => b.Value ? 1L : 0L,
        MessagePackTree.Bytes { IsString: true } s => System.Text.Encoding.UTF8.GetString(s.Value),
        MessagePackTree.Bytes b => b.Value,
        MessagePackTree.Nil => null,
        _ => "[]",
    };
}
