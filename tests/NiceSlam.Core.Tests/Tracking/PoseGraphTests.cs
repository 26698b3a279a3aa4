using NiceSlam.Core.Geometry;
using NiceSlam.Core.Tracking;

namespace NiceSlam.Core.Tests.Tracking;

public class PoseGraphTests
{
    private static readonly RigidTransform[] Square =
    [
        RigidTransform.Identity,
        RigidTransform.FromAxisAngle(0, 0, 1, Math.PI / 2, 1, 0, 0),
        RigidTransform.FromAxisAngle(0, 0, 1, Math.PI, 1, 1, 0),
        RigidTransform.FromAxisAngle(0, 0, 1, -Math.PI / 2, 0, 1, 0.2),
    ];

    private static double Error(RigidTransform a, RigidTransform b) => (a.Inverse() * b).TranslationNorm() + (a.Inverse() * b).RotationAngle();

    [Fact]
    public void Cholesky_solves_a_known_system_and_refuses_one_that_is_not_positive_definite()
    {
        // A = [[4, 2], [2, 3]], b = [2, 1]: x = [0.5, 0].
        var x = PoseGraph.CholeskySolve([4, 2, 2, 3], [2, 1], 2)!;
        Assert.Equal(0.5, x[0], 12);
        Assert.Equal(0.0, x[1], 12);
        Assert.Null(PoseGraph.CholeskySolve([1, 2, 2, 1], [1, 1], 2));
    }

    [Fact]
    public void A_loop_of_exact_edges_pulls_drifted_poses_back_to_the_truth_and_the_oldest_node_stays()
    {
        var graph = new PoseGraph();
        var drift = RigidTransform.FromAxisAngle(1, 0.5, 0.2, 0.05, 0.04, -0.03, 0.02);
        for (int i = 0; i < 4; i++) graph.AddNode(i, i == 0 ? Square[0] : Square[i] * drift);          // every node but the first is off
        for (int i = 0; i < 4; i++)
        {
            int j = (i + 1) % 4;
            graph.AddEdge(new PoseGraph.Edge(i, j, Square[i].Inverse() * Square[j], 0.01, 0.01));
        }
        var (before, after) = graph.Optimise();
        Assert.True(after < before * 1e-6, $"cost {before} -> {after}");
        for (int i = 0; i < 4; i++) Assert.True(Error(graph.Poses[i], Square[i]) < 1e-6, $"node {i} is {Error(graph.Poses[i], Square[i])} off");
        Assert.Equal(Square[0], graph.Poses[0]);
    }

    [Fact]
    public void A_loop_edge_spreads_the_chain_drift_over_the_chain_and_held_nodes_do_not_move()
    {
        // A chain 0..4 whose odometry edges each carry the same small error, and one exact edge 0 -> 4.
        var truth = Enumerable.Range(0, 5).Select(i => RigidTransform.FromAxisAngle(0, 0, 1, 0.3 * i, i * 0.5, 0, 0)).ToArray();
        var bias = RigidTransform.FromAxisAngle(0, 1, 0, 0.01, 0.01, 0, 0);
        var graph = new PoseGraph();
        var chained = truth[0];
        graph.AddNode(0, chained);
        for (int i = 1; i < 5; i++)
        {
            var measured = truth[i - 1].Inverse() * truth[i] * bias;
            chained = chained * measured;
            graph.AddNode(i, chained);
            graph.AddEdge(new PoseGraph.Edge(i - 1, i, measured, 0.01, 0.01));
        }
        double endBefore = Error(graph.Poses[4], truth[4]);
        var held = graph.Poses[1];
        graph.AddEdge(new PoseGraph.Edge(0, 4, truth[0].Inverse() * truth[4], 0.01, 0.01));
        graph.Optimise(freeFrom: 2);
        Assert.Equal(held, graph.Poses[1]);                           // below freeFrom: held
        double endAfter = Error(graph.Poses[4], truth[4]);
        Assert.True(endAfter < endBefore / 2, $"end {endBefore} -> {endAfter}");
        // The loop edge now disagrees less than the chain's accumulated error did.
        var loop = graph.Edges[^1];
        Assert.True(graph.Disagreement(loop).Metres < 0.5 * (truth[4].Inverse() * Enumerable.Range(1, 4).Aggregate(truth[0], (p, i) => p * (truth[i - 1].Inverse() * truth[i] * bias))).TranslationNorm());
    }

    [Fact]
    public void Edges_need_two_known_nodes_and_positive_noise()
    {
        var graph = new PoseGraph();
        graph.AddNode(0, RigidTransform.Identity);
        Assert.Throws<ArgumentException>(() => graph.AddNode(0, RigidTransform.Identity));
        Assert.Throws<ArgumentException>(() => graph.AddEdge(new PoseGraph.Edge(0, 1, RigidTransform.Identity, 0.01, 0.01)));
        graph.AddNode(1, RigidTransform.Identity);
        Assert.Throws<ArgumentException>(() => graph.AddEdge(new PoseGraph.Edge(0, 1, RigidTransform.Identity, 0, 0.01)));
        graph.AddEdge(new PoseGraph.Edge(0, 1, RigidTransform.Identity, 0.01, 0.01));
        graph.RemoveNode(1);
        Assert.Empty(graph.Edges);
    }
}
