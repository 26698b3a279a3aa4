using NiceSlam.Cli.Running;
using NiceSlam.Core.Meshing;
using NiceSlam.Data.Synthetic;

namespace NiceSlam.Cli.Tests;

[Trait("Category", "Slow")]
public class PerRoomCompletionTests
{
    [Fact]
    public void Each_room_is_measured_against_its_own_seen_points_and_an_unseen_room_is_reported_unseen()
    {
        // A mesh of the first room's floor only (x -3..3, y -2.5..2.5, z = 0).
        var mesh = new TriangleMesh([-3, -2.5f, 0, 3, -2.5f, 0, 3, 2.5f, 0, -3, 2.5f, 0], [0, 1, 2, 0, 2, 3]);
        var seen = new List<float>();
        for (int i = 0; i < 100; i++) seen.AddRange([-2.9f + 0.058f * i, 0.01f * i - 0.5f, 0]);   // room 0's floor
        for (int i = 0; i < 100; i++) seen.AddRange([3.2f + 0.05f * i, 0.3f, 0]);                 // room 1's floor
        for (int i = 0; i < 10; i++) seen.AddRange([10f + 0.1f * i, 0, 0]);                       // a glimpse of room 2
        var rooms = Enumerable.Range(0, 3).Select(SyntheticScene.SuiteRoom).ToList();
        var result = RunOutputs.PerRoomCompletion(rooms, [.. seen], mesh);
        Assert.Equal([0, 1, 2], result.Select(r => r.Room));
        Assert.Equal([100, 100, 10], result.Select(r => r.Points));
        Assert.Equal(1.0, result[0].CompletionRatio!.Value, 6);
        Assert.True(result[0].Completion < 0.02);                     // on the mesh, to its sampling density
        Assert.True(result[1].CompletionRatio < 0.05);                // only the points within 5 cm of x = 3
        Assert.True(result[1].Completion > 0.5);                      // metres from the first room's floor
        Assert.Null(result[2].CompletionRatio);
        Assert.Null(result[2].Completion);
    }
}
