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
        var brute = cdist(queries.to(float64), references.to(float64)).min(1).values.to(float32);
        Assert.True(allclose(distances, brute, 1e-5, 1e-6));
    }

    [Fact]
    public void Nearest_distances_far_from_the_origin_are_exact_to_a_tenth_of_a_millimetre()
    {
        using var scope = NewDisposeScope();
        // A 20 x 20 x 20 lattice 10 cm apart, 100 m from the origin; each query 3 mm off a lattice point along x
        // (float32 input: the lattice's coordinates themselves are rounded to ~4 µm).
        var axis = arange(20, float32) * 0.1f;
        var lattice = stack(meshgrid([axis, axis, axis], indexing: "ij"), -1).reshape(-1, 3) + tensor(new[] { 100f, 50f, 2f });
        var queries = lattice.index_select(0, arange(0, 8000, 7)) + tensor(new[] { 0.003f, 0f, 0f });
        var distances = ReconstructionMetrics.NearestDistances(queries, lattice);
        Assert.True((distances - 0.003f).abs().max().item<float>() < 1e-5f);
    }
}
