using NiceSlam.Data.Datasets;

namespace NiceSlam.Data.Tests.Datasets;

public class TumAssociationTests
{
    [Fact]
    public void Greedy_takes_the_closest_pair_first_not_each_rgbs_nearest()
    {
        // rgb 0.000's nearest depth is 0.008 (8 ms), but rgb 0.010 is closer to it (2 ms) and wins it.
        var pairs = TumAssociation.Associate([0.000, 0.010], [0.008]);
        Assert.Equal([new TumPair(1, 0)], pairs);
    }

    [Fact]
    public void Each_stamp_is_used_once_and_result_is_sorted_by_rgb_stamp()
    {
        double[] rgb = [0.50, 0.10, 0.30];
        double[] depth = [0.101, 0.305, 0.49, 0.299];
        var pairs = TumAssociation.Associate(rgb, depth);
        // 0.10-0.101 (1 ms), 0.30-0.299 (1 ms) before 0.30-0.305 (5 ms), 0.50-0.49 (10 ms)
        Assert.Equal([new TumPair(1, 0), new TumPair(2, 3), new TumPair(0, 2)], pairs);
    }

    [Fact]
    public void Difference_must_be_strictly_below_the_maximum()
    {
        Assert.Empty(TumAssociation.Associate([0.0], [0.03]));
        Assert.Empty(TumAssociation.Associate([1.0], [1.25], maxDifference: 0.25));
        Assert.Single(TumAssociation.Associate([1.0], [1.24], maxDifference: 0.25));
    }

    [Fact]
    public void File_list_skips_comments_and_blank_lines()
    {
        var entries = TumAssociation.ParseFileList(new StringReader("# color images\n\n1305031229.528748 rgb/a.png\n 2.5\trgb/b.png \n"), "rgb.txt");
        Assert.Equal(2, entries.Count);
        Assert.Equal(new TumFileEntry(1305031229.528748, "rgb/a.png", 3), entries[0]);
        Assert.Equal(new TumFileEntry(2.5, "rgb/b.png", 4), entries[1]);
    }

    [Theory]
    [InlineData("# h\n1.0 rgb/a.png\nabc rgb/b.png\n", 3, "timestamp 'abc'")]
    [InlineData("1.0 rgb/a.png extra\n", 1, "found 3 fields")]
    [InlineData("# h\n# h\n1.0\n", 3, "found 1 fields")]
    public void Bad_lines_name_the_line(string text, int line, string problem)
    {
        var e = Assert.Throws<DatasetException>(() => TumAssociation.ParseFileList(new StringReader(text), "x/rgb.txt"));
        Assert.Equal(line, e.Line);
        Assert.StartsWith($"x/rgb.txt:{line}:", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void Missing_list_names_the_file()
    {
        var e = Assert.Throws<DatasetException>(() => TumAssociation.ReadFileList("/nonexistent/rgb.txt"));
        Assert.Equal("/nonexistent/rgb.txt", e.Path);
    }
}
