using NiceSlam.Data.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Data.Tests.Evaluation;

public class ReconstructionMetricsScopeTests
{
    /// <summary>Every chunk's distance matrix (up to 32 MiB) must go before the next: the caller's scope keeps the
    /// distances only (all the matrices together were Q x P x 4 bytes: 9.6 GB for the demo's mesh metrics).</summary>
    [Fact]
    public void Nearest_distances_are_exact_and_leave_only_the_result_in_the_callers_scope()
    {
        using var scope = NewDisposeScope();
        var references = rand(6000, 3, generator: new Generator(1));
        var queries = rand(3000, 3, generator: new Generator(2));                       // 3000 / (2^23 / 6000) = 3 chunks
        int before = scope.DisposablesCount;
        var distances = ReconstructionMetrics.NearestDistances(queries, references);
        Assert.Equal(before + 1, scope.DisposablesCount);
        var brute = cdist(queries.narrow(0, 0, 50), references).min(1).values;
        Assert.True(allclose(distances.narrow(0, 0, 50), brute));
    }
}
