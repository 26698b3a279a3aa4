using Microsoft.Data.Sqlite;

namespace NiceSlam.Bags.Sqlite;

/// <summary>
/// Writes one rosbag2 sqlite3 file (.db3) and, when disposed, the <c>metadata.yaml</c> beside it. Messages go in
/// transactions of <see cref="MessagesPerTransaction"/> rows.
/// </summary>
public sealed class Db3BagWriter : IBagWriter
{
    /// <summary>Rows written between commits.</summary>
    public const int MessagesPerTransaction = 1000;

    private readonly string path;
    private readonly SqliteConnection connection;
    private readonly Dictionary<string, long> topicIds = new(StringComparer.Ordinal);
    private readonly BagWriteTally tally = new();
    private readonly SqliteCommand insertMessage;
    private SqliteTransaction? transaction;
    private int pending;
    private bool disposed;

    /// <param name="path">The .db3 file to create; it must not exist yet (rosbag2 refuses to overwrite too).</param>
    public Db3BagWriter(string path)
    {
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
            foreach (string sql in new[] { Db3Schema.CreateTopics, Db3Schema.CreateMessages, Db3Schema.CreateTimestampIndex })
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
        transaction ??= connection.BeginTransaction();
        insertMessage.Transaction = transaction;
        insertMessage.Parameters["$timestamp"].Value = logTimeNs;
        insertMessage.Parameters["$topic"].Value = topicIds[topic];
        insertMessage.Parameters["$data"].Value = data;
        insertMessage.ExecuteNonQuery();
        if (++pending >= MessagesPerTransaction) Commit();
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        try
        {
            Commit();
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
