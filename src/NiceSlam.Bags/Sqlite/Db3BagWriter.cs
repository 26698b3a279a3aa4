using Microsoft.Data.Sqlite;

namespace NiceSlam.Bags.Sqlite;

/// <summary>
/// Writes one rosbag2 sqlite3 file (.db3) and, when disposed, the <c>metadata.yaml</c> beside it. Messages go in
/// transactions of <see cref="MessagesPerTransaction"/> rows, committed at least every <see cref="MaxTransactionAge"/>, in write-ahead-log mode while recording (a killed
/// recording reads up to its last commit) and in rollback-journal mode once closed (one plain file).
/// </summary>
public sealed class Db3BagWriter : IBagWriter
{
    /// <summary>Rows written between commits.</summary>
    public const int MessagesPerTransaction = 1000;

    /// <summary>The default longest time a transaction stays open: a process killed while recording a slow topic
    /// loses at most the messages of this last second (SQLite rolls the unfinished transaction back).</summary>
    public static readonly TimeSpan DefaultMaxTransactionAge = TimeSpan.FromSeconds(1);

    private readonly string path;
    private readonly SqliteConnection connection;
    private readonly Dictionary<string, long> topicIds = new(StringComparer.Ordinal);
    private readonly BagWriteTally tally = new();
    private readonly SqliteCommand insertMessage;
    private readonly System.Diagnostics.Stopwatch transactionAge = new();
    private SqliteTransaction? transaction;
    private int pending;
    private bool disposed;

    /// <param name="path">The .db3 file to create; it must not exist yet (rosbag2 refuses to overwrite too).</param>
    /// <param name="maxTransactionAge">Commit when the open transaction is this old (default
    /// <see cref="DefaultMaxTransactionAge"/>; zero commits every message).</param>
    public Db3BagWriter(string path, TimeSpan? maxTransactionAge = null)
    {
        MaxTransactionAge = maxTransactionAge ?? DefaultMaxTransactionAge;
        this.path = Path.GetFullPath(path);
        if (File.Exists(this.path)) throw new BagException($"{this.path}: the file already exists; a bag is never overwritten");
        Directory.CreateDirectory(Path.GetDirectoryName(this.path)!);
        connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = this.path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            // While recording: write-ahead log, as rosbag2's "resilient" storage preset does. A process killed
            // mid-transaction leaves the database and its -wal holding every committed transaction, which a
            // read-only reader can open; a rollback journal would need write access to be rolled back first.
            foreach (string sql in new[] { "PRAGMA journal_mode=WAL;", "PRAGMA synchronous=NORMAL;", Db3Schema.CreateTopics, Db3Schema.CreateMessages, Db3Schema.CreateTimestampIndex })
            {
                using var create = connection.CreateCommand();
                create.CommandText = sql;
                create.ExecuteNonQuery();
            }
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new BagException($"{this.path}: cannot create the sqlite3 bag ({e.Message})", e);
        }
        insertMessage = connection.CreateCommand();
        insertMessage.CommandText = "INSERT INTO messages (timestamp, topic_id, data) VALUES ($timestamp, $topic, $data);";
        insertMessage.Parameters.Add("$timestamp", SqliteType.Integer);
        insertMessage.Parameters.Add("$topic", SqliteType.Integer);
        insertMessage.Parameters.Add("$data", SqliteType.Blob);
    }

    /// <summary>The .db3 file being written.</summary>
    public string FilePath => path;

    /// <summary>Age of the open transaction after which it is committed.</summary>
    public TimeSpan MaxTransactionAge { get; }

    public void AddTopic(string name, string type, string schemaText, string serializationFormat = "cdr")
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (!tally.AddTopic(name, type, serializationFormat)) return;
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO topics (name, type, serialization_format, offered_qos_profiles) VALUES ($name, $type, $format, '');";
        insert.Parameters.AddWithValue("$name", name);
        insert.Parameters.AddWithValue("$type", type);
        insert.Parameters.AddWithValue("$format", serializationFormat);
        insert.ExecuteNonQuery();
        using var id = connection.CreateCommand();
        id.Transaction = transaction;
        id.CommandText = "SELECT last_insert_rowid();";
        topicIds[name] = (long)id.ExecuteScalar()!;
    }

    public void Write(string topic, long logTimeNs, byte[] data)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentNullException.ThrowIfNull(data);
        tally.Count(topic, logTimeNs);
        if (transaction is null)
        {
            transaction = connection.BeginTransaction();
            transactionAge.Restart();
        }
        insertMessage.Transaction = transaction;
        insertMessage.Parameters["$timestamp"].Value = logTimeNs;
        insertMessage.Parameters["$topic"].Value = topicIds[topic];
        insertMessage.Parameters["$data"].Value = data;
        insertMessage.ExecuteNonQuery();
        if (++pending >= MessagesPerTransaction || transactionAge.Elapsed >= MaxTransactionAge) Commit();
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        try
        {
            Commit();
            // A closed bag is a plain single file again (rollback-journal mode), readable on read-only media.
            using var plain = connection.CreateCommand();
            plain.CommandText = "PRAGMA journal_mode=DELETE;";
            plain.ExecuteNonQuery();
        }
        finally
        {
            insertMessage.Dispose();
            connection.Dispose();
        }
        BagMetadataFile.Write(Path.GetDirectoryName(path)!, tally.Metadata(Db3Schema.StorageId, Path.GetFileName(path)));
    }

    private void Commit()
    {
        transaction?.Commit();
        transaction?.Dispose();
        transaction = null;
        pending = 0;
    }
}
