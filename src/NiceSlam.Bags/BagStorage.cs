namespace NiceSlam.Bags;

/// <summary>The rosbag2 storage plugins this library reads and writes.</summary>
public enum BagStorage
{
    /// <summary>rosbag2_storage_sqlite3: one SQLite database (.db3) a file.</summary>
    Sqlite3,

    /// <summary>rosbag2_storage_mcap: MCAP files (.mcap), the default since ROS 2 Iron.</summary>
    Mcap,
}
