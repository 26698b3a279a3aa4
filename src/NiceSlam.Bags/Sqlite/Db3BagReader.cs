using Microsoft.Data.Sqlite;

namespace NiceSlam.Bags.Sqlite;

/// <summary>
/// Reads one rosbag2 sqlite3 file (.db3), schema versions 1 to 4, read-only. A file SQLite cannot read (truncated,
/// not a database) or whose rows are not rosbag2's (NULL names, ids or data; messages of unknown topics) gives a
/// <see cref="BagException"/> naming the file. A file whose writer was killed reads up to its last commit: in WAL mode
/// (ours, rosbag2's resilient preset) directly; with a hot rollback journal (DELETE mode) through a temporary copy
/// on which SQLite rolls the unfinished transaction back, with a warning.
/// </summary>
public sealed class Db3BagReader : IBagReader
{
    /// <summary>SQLite's SQLITE_READONLY: a read-only connection met a hot rollback journal it may not roll back.</summary>
    private const int SqliteReadOnly = 8;

    private readonly string path;
    private readonly Dictionary<long, string> topicNames = [];
    private readonly List<string> warnings = [];
    private SqliteConnection connection;
    private string? recoveryFolder;

    /// <param name="path">The .db3 file.</param>
    public Db3BagReader(string path)
    {
        this.path = Path.GetFullPath(path);
        if (!File.Exists(this.path)) throw new BagException($"{this.path}: no such file");
        connection = Connect(this.path, SqliteOpenMode.ReadOnly);
        try
        {
            try { Load(); }
            catch (SqliteException e) when (e.SqliteErrorCode == SqliteReadOnly && File.Exists(this.path + "-journal"))
            {
                // A writer killed mid-transaction left a hot rollback journal, which must be rolled back before the
                // file can be read, and a reader must not change its input: roll it back on a temporary copy.
                connection.Dispose();
                topicNames.Clear();
                recoveryFolder = Directory.CreateTempSubdirectory("niceslam-db3-recovery-").FullName;
                string copy = Path.Combine(recoveryFolder, Path.GetFileName(this.path));
                File.Copy(this.path, copy);
                File.Copy(this.path + "-journal", copy + "-journal");
                connection = Connect(copy, SqliteOpenMode.ReadWrite);
                Load();
                warnings.Add($"{this.path}: the writer did not close it (a rollback journal was left); its unfinished transaction was rolled back on a temporary copy, the file is read up to its last commit");
            }
        }
        catch (Exception e) when (e is SqliteException or BagException or IOException)
        {
            Dispose();
            throw e as BagException ?? new BagException($"{this.path}: not a readable rosbag2 sqlite3 file ({e.Message})", e);
        }
    }

    private static SqliteConnection Connect(string file, SqliteOpenMode mode)
    {
        var result = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = mode, Pooling = false }.ToString());
        result.Open();
        return result;
    }

    /// <summary>Reads the topics, the message counts and the time span.</summary>
    private void Load()
    {
        bool hasQos = Columns("topics").Contains("offered_qos_profiles");
        Columns("messages");
        var counts = new Dictionary<long, long>();
        using (var count = Command("SELECT topic_id, COUNT(*) FROM messages GROUP BY topic_id;"))
        using (var rows = count.ExecuteReader())
            while (rows.Read()) counts[Integer(rows, 0, "messages", "topic_id")] = rows.GetInt64(1);
        var topics = new List<BagTopic>();
        using (var select = Command($"SELECT id, name, type, serialization_format, {(hasQos ? "offered_qos_profiles" : "''")} FROM topics ORDER BY id;"))
        using (var rows = select.ExecuteReader())
            while (rows.Read())
            {
                long id = rows.GetInt64(0);
                string name = Text(rows, 1, "topics", "name");
                if (!topicNames.TryAdd(id, name)) throw new BagException($"{path}: topic id {id} appears twice in the topics table");
                topics.Add(new BagTopic(name, Text(rows, 2, "topics", "type"), Text(rows, 3, "topics", "serialization_format"),
                    counts.GetValueOrDefault(id), rows.IsDBNull(4) ? "" : rows.GetString(4)));
            }
        Topics = topics;
        using var span = Command("SELECT COUNT(*), COALESCE(MIN(timestamp), 0), COALESCE(MAX(timestamp), 0) FROM messages;");
        using var spanRows = span.ExecuteReader();
        spanRows.Read();
        MessageCount = spanRows.GetInt64(0);
        StartTimeNs = spanRows.GetInt64(1);
        EndTimeNs = spanRows.GetInt64(2);
    }

    public IReadOnlyList<BagTopic> Topics { get; private set; } = [];
    public long MessageCount { get; private set; }
    public long StartTimeNs { get; private set; }
    public long EndTimeNs { get; private set; }
    public string StorageId => Db3Schema.StorageId;
    public IReadOnlyList<string> Warnings => warnings;

    public IEnumerable<BagMessage> ReadMessages(IReadOnlySet<string>? topics = null)
    {
        var ids = topicNames.Where(t => topics is null || topics.Contains(t.Value)).Select(t => t.Key).ToList();
        if (ids.Count == 0) yield break;
        using var select = Command(
            "SELECT topic_id, timestamp, data FROM messages" +
            (topics is null ? "" : $" WHERE topic_id IN ({string.Join(", ", ids)})") +
            " ORDER BY timestamp, id;");
        SqliteDataReader rows;
        try { rows = select.ExecuteReader(); }
        catch (SqliteException e) { throw Corrupt(e); }
        using (rows)
        {
            while (true)
            {
                BagMessage message;
                try
                {
                    if (!rows.Read()) yield break;
                    long topic = Integer(rows, 0, "messages", "topic_id");
                    message = new BagMessage(
                        topicNames.TryGetValue(topic, out var name) ? name : throw new BagException($"{path}: a message refers to topic id {topic}, which the topics table lacks"),
                        Integer(rows, 1, "messages", "timestamp"),
                        rows.IsDBNull(2) ? throw Null("messages", "data") : rows.GetFieldValue<byte[]>(2));
                }
                catch (SqliteException e) { throw Corrupt(e); }
                yield return message;
            }
        }
    }

    public void Dispose()
    {
        connection.Dispose();
        if (recoveryFolder is not null)
        {
            try { Directory.Delete(recoveryFolder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            recoveryFolder = null;
        }
    }

    private BagException Corrupt(SqliteException e) => new($"{path}: reading messages failed ({e.Message})", e);

    private BagException Null(string table, string column) => new($"{path}: a row of table '{table}' has no {column} (NULL)");

    /// <summary>A column that must hold a value; SQLite converts other storage classes as rosbag2's reader sees them.</summary>
    private long Integer(SqliteDataReader rows, int column, string table, string name) =>
        rows.IsDBNull(column) ? throw Null(table, name) : rows.GetInt64(column);

    private string Text(SqliteDataReader rows, int column, string table, string name) =>
        rows.IsDBNull(column) ? throw Null(table, name) : rows.GetString(column);

    private SqliteCommand Command(string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private HashSet<string> Columns(string table)
    {
        var columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using var info = Command($"PRAGMA table_info({table});");
        using var rows = info.ExecuteReader();
        while (rows.Read()) columns.Add(rows.GetString(1));
        if (columns.Count == 0) throw new BagException($"{path}: expected a rosbag2 table '{table}', found none");
        return columns;
    }
}
