using System.Text.RegularExpressions;
using NiceSlam.Messages.Cdr;
using NiceSlam.Tests;

namespace NiceSlam.Foxglove.Tests;

public class ServiceDefinitionsTests
{
    [Fact]
    public void The_service_schemas_are_the_srv_files_without_comments()
    {
        var files = Directory.GetFiles(Path.Combine(SharedData.RepositoryRoot, "msg", "srv"), "*.srv");
        Assert.Equal(4, files.Length);
        foreach (var file in files)
        {
            string type = "nice_slam_msgs/srv/" + Path.GetFileNameWithoutExtension(file);
            var parts = File.ReadAllText(file).Split("\n---\n");
            Assert.Equal(2, parts.Length);
            var (request, response) = ServiceDefinitions.For(type);
            Assert.Equal(Fields(parts[0]), request);
            Assert.Equal(Fields(parts[1]), response);
        }
        Assert.Throws<CdrException>(() => ServiceDefinitions.For("std_srvs/srv/Empty"));
    }

    /// <summary>The field lines of a .srv part, comments and blank lines dropped, one space between type and name.</summary>
    private static string Fields(string part) =>
        string.Concat(part.Split('\n')
            .Select(l => Regex.Replace(l.Split('#')[0].Trim(), @"\s+", " "))
            .Where(l => l.Length > 0)
            .Select(l => l + "\n"));
}
