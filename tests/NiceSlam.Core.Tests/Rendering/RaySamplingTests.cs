using NiceSlam.Core.Rendering;
using NiceSlam.Core.Slam;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Tests.Rendering;

public class RaySamplingTests
{
    private static readonly RaySampling Guided = new(Mode: RaySamplingMode.DepthGuided, FreeSpace: 4, Surface: 8, Band: 0.05);

    [Fact]
    public void Depth_guided_samples_put_most_depths_in_the_band_and_a_few_in_free_space_before_it()
    {
        using var scope = NewDisposeScope();
        var depth = tensor(new[] { 2.0f, 0.5f, 3.7f });
        var z = Guided.Depths(depth, full(3, 10f));
        Assert.Equal(new long[] { 3, 12 }, z.shape);
        Assert.True((z[.., 1..] >= z[.., ..^1]).all().item<bool>(), "sorted by construction");
        for (int r = 0; r < 3; r++)
        {
            float d = depth[r].item<float>();
            var row = z[r];
            var inBand = (row >= 0.95f * d - 1e-5f) & (row <= 1.05f * d + 1e-5f);
            var free = row < 0.95f * d - 1e-5f;
            Assert.Equal(8, inBand.sum().item<long>());                       // the surface samples, all inside the band
            Assert.Equal(4, free.sum().item<long>());                         // free space present, in front of the band
            Assert.True((row >= 0.01f * d - 1e-6f).all().item<bool>());       // nothing before near = 0.01 d
            Assert.True((row <= 1.05f * d + 1e-5f).all().item<bool>());       // nothing behind the band
            Assert.Equal(0.95f * d, row[4].item<float>(), 4);                 // the band's ends are sampled
            Assert.Equal(1.05f * d, row[^1].item<float>(), 4);
        }
    }

    [Fact]
    public void Jittered_free_space_samples_stay_in_their_strata_and_over_draws_reach_the_band()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(3);
        var depth = full(2000, 2f);                                             // one depth, many draws
        var z = Guided.Depths(depth, full(2000, 10f), generator);
        var free = z[.., ..4];                                                   // [R, 4]
        var near = 0.02; var low = 1.9;                                         // 0.01 d and (1 - band) d
        var width = (low - near) / 4;
        for (int i = 0; i < 4; i++)
        {
            var column = free[.., i];
            Assert.True((column >= near + i * width - 1e-5).all().item<bool>() && (column < near + (i + 1) * width + 1e-5).all().item<bool>(),
                $"free-space sample {i} left its stratum");
        }
        Assert.True((z[.., 1..] >= z[.., ..^1]).all().item<bool>(), "still sorted");
        Assert.True(free[.., 3].max().item<float>() > low - 0.02 * width, "the free space right in front of the band is sampled");
        Assert.True(free[.., 0].min().item<float>() < near + 0.02 * width);
        // Without a generator: the stratum starts, the same every call.
        var fixedDepths = Guided.Depths(depth[..1], full(1, 10f));
        for (int i = 0; i < 4; i++) Assert.Equal(near + i * width, fixedDepths[0, i].item<float>(), 4);
    }

    [Fact]
    public void Depth_guided_rays_without_a_measurement_spread_their_samples_over_the_ray()
    {
        using var scope = NewDisposeScope();
        var z = Guided.Depths(tensor(new[] { 0f, 2f }), tensor(new[] { 1.5f, 10f }));
        Assert.Equal(0.001f, z[0, 0].item<float>(), 5);
        Assert.Equal(1.51f, z[0, ^1].item<float>(), 4);                      // up to the exit (+ 0.01)
        Assert.True((z[0, 1..] > z[0, ..^1]).all().item<bool>());
    }

    [Fact]
    public void The_reference_sampling_is_unchanged_and_merging_gives_the_sorted_union()
    {
        using var scope = NewDisposeScope();
        var sampling = new RaySampling();
        Assert.Equal(RaySamplingMode.Reference, sampling.Mode);
        Assert.Equal(48, sampling.SamplesPerRay);
        var depth = rand(64, generator: new Generator(5)) * 4;
        depth[3] = tensor(0f);
        var exit = depth + rand(64, generator: new Generator(6)) * 2 - 0.3f;
        var sorted = sampling.Depths(depth, exit);
        // The reference's formula, spelled out: 32 evenly in [0.01 d, min(exit + 0.01, 1.2 max d)], 16 in [0.95 d, 1.05 d].
        double max = depth.max().item<float>();
        var t = linspace(0, 1, 32).unsqueeze(0);
        var stratified = (depth * 0.01).unsqueeze(1) * (1 - t) + (exit + 0.01).clamp(0, 1.2 * max).unsqueeze(1) * t;
        var s = linspace(0, 1, 16).unsqueeze(0);
        var d = depth.unsqueeze(1);
        var surface = where(d > 0, 0.95 * d * (1 - s) + 1.05 * d * s, (0.001 * (1 - s) + max * s).expand(64, 16));
        Assert.True((sorted == cat([stratified, surface], 1).sort(1).Values).all().item<bool>());
        Assert.True((sampling.ReferenceDepths(depth, exit, merge: true) == sorted).all().item<bool>());
    }

    [Fact]
    public void Merging_two_sorted_sets_with_ties_equals_sorting()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new[] { 0f, 1, 1, 3, 5, 5, 2, 2, 2 }).reshape(1, 9)[.., ..6];
        var b = tensor(new[] { 1f, 2, 5, 6 }).reshape(1, 4);
        Assert.True((RaySampling.MergeSorted(a, b) == cat([a, b], 1).sort(1).Values).all().item<bool>());
        var x = rand(20, 7, generator: new Generator(1)).sort(1).Values;
        var y = rand(20, 5, generator: new Generator(2)).sort(1).Values;
        Assert.True((RaySampling.MergeSorted(x, y) == cat([x, y], 1).sort(1).Values).all().item<bool>());
    }

    [Fact]
    public void Options_describe_the_sampling_and_reject_bad_counts()
    {
        var options = SlamPresets.Cpu();
        Assert.Equal(RaySamplingMode.Reference, options.Rendering.RaySampling().Mode);   // the default: depth-guided maps less accurately
        Assert.Equal(32 + 16, options.Rendering.RaySampling().SamplesPerRay);                 // the reference's stratified + near-surface
        options.Rendering.Sampling = RaySamplingMode.DepthGuided;
        Assert.Equal(options.Rendering.FreeSpaceSamples + options.Rendering.SurfaceSamples, options.Rendering.RaySampling().SamplesPerRay);
        options.Rendering.SurfaceSamples = 1;
        Assert.Contains("SurfaceSamples", Assert.Throws<ArgumentException>(options.Validate).Message);
        options.Rendering.SurfaceSamples = 8;
        options.Rendering.SurfaceBand = 1.5;
        Assert.Contains("SurfaceBand", Assert.Throws<ArgumentException>(options.Validate).Message);
    }
}
