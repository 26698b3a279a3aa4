namespace NiceSlam.Dds.Tests;

/// <summary>Tests that run the hosted node (it uses every core for tensors) or measure time: one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public class NodeCollection
{
    public const string Name = "hosted node and benchmarks (one at a time)";
}
