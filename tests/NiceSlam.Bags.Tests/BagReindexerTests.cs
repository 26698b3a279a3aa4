using NiceSlam.Bags.Mcap;
using NiceSlam.Bags.Sqlite;

namespace NiceSlam.Bags.Tests;

public class BagReindexerTests
{
    /// <summary>A bag split over files named as rosbag2 splits them, written out of numeric order on disk:
    /// file k holds messages k*10 .. k*10+2 on /a, and file 2 also one on /b.</summary>
    private static string SplitBag(TempFolder tmp, BagStorage storage, params int[] numbers)
    {
        string folder = tmp.File("split");
        Directory.CreateDirectory(folder);
        foreach (int k in numbers)
        {
            string part = tmp.File($"part{k}");
            string name = $"split_{k}" + (storage == BagStorage.Mcap ? ".mcap" : ".db3");
            IBagWriter writer = storage == BagStorage.Mcap ? new McapWriter(Path.Combine(part, name)) : new Db3BagWriter(Path.Combine(part, name));
            using (writer)
            {
                writer.AddTopic("/a", "std_msgs/msg/String", "string data");
                for (int i = 0; i < 3; i++) writer.Write("/a", 1_000_000_000L * k + i, [0, 1, 0, 0, (byte)(k * 10 + i)]);
                if (k == 2)
                {
                    writer.AddTopic("/b", "std_msgs/msg/Int32", "int32 data");
                    writer.Write("/b", 1_000_000_000L * k + 5, [0, 1, 0, 0, 99]);
                }
            }
            File.Move(Path.Combine(part, name), Path.Combine(folder, name));
        }
        return folder;
    }

    [Theory]
    [InlineData(BagStorage.Mcap)]
    [InlineData(BagStorage.Sqlite3)]
    public void RebuildsTheMetadataOfASplitBagAndReadsItsFilesInNumericOrder(BagStorage storage)
    {
        using var tmp = new TempFolder();
        string folder = SplitBag(tmp, storage, 10, 2, 0);
        var refused = Assert.Throws<BagException>(() => BagFolder.Open(folder));
        Assert.Contains("bag reindex", refused.Message);

        var result = BagReindexer.Reindex(folder);
        Assert.Empty(result.Warnings);
        var m = BagMetadataFile.Read(Path.Combine(folder, BagMetadataFile.FileName));
        string ext = storage == BagStorage.Mcap ? ".mcap" : ".db3";
        Assert.Equal(storage == BagStorage.Mcap ? "mcap" : "sqlite3", m.StorageIdentifier);
        Assert.Equal(["split_0" + ext, "split_2" + ext, "split_10" + ext], m.RelativeFilePaths);   // 2 before 10
        Assert.Equal(10, m.MessageCount);
        Assert.Equal(0L + 0, m.StartingTimeNs);
        Assert.Equal(10_000_000_002L, m.DurationNs);                 // first message to last
        Assert.Equal([("/a", 9L), ("/b", 1L)], m.Topics.Select(t => (t.Name, t.MessageCount)));
        Assert.Equal("std_msgs/msg/Int32", m.Topics[1].Type);
        Assert.Equal([(0L, 3L), (2_000_000_000L, 4L), (10_000_000_000L, 3L)], m.Files.Select(f => (f.StartingTimeNs, f.MessageCount)));
        Assert.Equal(5, m.Files[1].DurationNs);

        using var reader = BagFolder.Open(folder);
        Assert.Equal(10, reader.MessageCount);
        Assert.Equal([0, 1, 2, 20, 21, 22, 99, 100, 101, 102], reader.ReadMessages().Select(x => (int)x.Data[4]));
    }

    [Fact]
    public void AnExistingMetadataFileIsKeptUnlessOverwriteIsAsked()
    {
        using var tmp = new TempFolder();
        string folder = SplitBag(tmp, BagStorage.Mcap, 0, 1);
        BagReindexer.Reindex(folder);
        File.WriteAllText(Path.Combine(folder, BagMetadataFile.FileName), "edited");
        var e = Assert.Throws<BagException>(() => BagReindexer.Reindex(folder));
        Assert.Contains("exists", e.Message);
        Assert.Equal("edited", File.ReadAllText(Path.Combine(folder, BagMetadataFile.FileName)));
        BagReindexer.Reindex(folder, overwrite: true);
        Assert.Equal(6, BagMetadataFile.Read(Path.Combine(folder, BagMetadataFile.FileName)).MessageCount);
        Assert.False(File.Exists(Path.Combine(folder, BagMetadataFile.FileName + ".tmp")));
    }

    [Fact]
    public void ASingleFileMayHaveAnyName()
    {
        using var tmp = new TempFolder();
        string folder = SplitBag(tmp, BagStorage.Mcap, 3);
        File.Move(Path.Combine(folder, "split_3.mcap"), Path.Combine(folder, "recording.mcap"));
        Assert.Equal(["recording.mcap"], BagReindexer.Rebuild(folder).Metadata.RelativeFilePaths);
    }

    [Fact]
    public void FoldersThatCannotBeOrderedOrMixStoragesAreRefused()
    {
        using var tmp = new TempFolder();
        Directory.CreateDirectory(tmp.File("empty"));
        Assert.Contains("no .db3 or .mcap files", Assert.Throws<BagException>(() => BagReindexer.Rebuild(tmp.File("empty"))).Message);
        Assert.Contains("no such bag folder", Assert.Throws<BagException>(() => BagReindexer.Rebuild(tmp.File("missing"))).Message);

        string folder = SplitBag(tmp, BagStorage.Mcap, 0, 1);
        File.Move(Path.Combine(folder, "split_1.mcap"), Path.Combine(folder, "other.mcap"));
        Assert.Contains("other.mcap does not follow", Assert.Throws<BagException>(() => BagReindexer.Rebuild(folder)).Message);
        File.Move(Path.Combine(folder, "other.mcap"), Path.Combine(folder, "split_00.mcap"));
        Assert.Contains("the same number 0", Assert.Throws<BagException>(() => BagReindexer.Rebuild(folder)).Message);
        File.Move(Path.Combine(folder, "split_00.mcap"), Path.Combine(folder, "split_1.db3"));     // MCAP content, .db3 name
        File.WriteAllBytes(Path.Combine(folder, "split_1.db3"), File.ReadAllBytes(Path.Combine(folder, "split_0.mcap")));
        using (var db3 = new Db3BagWriter(tmp.File("x.db3"))) { }
        File.Copy(tmp.File("x.db3"), Path.Combine(folder, "split_2.db3"));
        Assert.Contains("mix storages", Assert.Throws<BagException>(() => BagReindexer.Rebuild(folder)).Message);
    }
}
