namespace NiceSlam.Bags.Sqlite;

/// <summary>
/// The tables of rosbag2_storage_sqlite3 (sqlite_storage.cpp). This library writes the schema-version-2 layout
/// (no <c>schema</c> table; rosbag2 recognizes it by <c>topics.offered_qos_profiles</c> and reads metadata.yaml),
/// and reads versions 1 to 4 (version 4 adds <c>type_description_hash</c> and <c>message_definitions</c>).
/// </summary>
internal static class Db3Schema
{
    public const string StorageId = "sqlite3";
    public const string Extension = ".db3";

    public const string CreateTopics =
        "CREATE TABLE topics(id INTEGER PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL, " +
        "serialization_format TEXT NOT NULL, offered_qos_profiles TEXT NOT NULL);";

    public const string CreateMessages =
        "CREATE TABLE messages(id INTEGER PRIMARY KEY, topic_id INTEGER NOT NULL, timestamp INTEGER NOT NULL, data BLOB NOT NULL);";

    public const string CreateTimestampIndex = "CREATE INDEX timestamp_idx ON messages (timestamp ASC);";

    /// <summary>The first 16 bytes of every SQLite 3 database file.</summary>
    public static ReadOnlySpan<byte> FileHeader => "SQLite format 3\0"u8;
}
