namespace NiceSlam.Core.Slam;

/// <summary>Settings of mesh extraction (<see cref="SlamOptions.Meshing"/>): the marching-cubes lattice and the culling
/// of what no keyframe saw.</summary>
public sealed class MeshingOptions
{
    /// <summary>Marching-cubes lattice step, metres.</summary>
    [FlatName("MeshVoxel")]
    public double Voxel { get; set; } = 0.05;
    /// <summary>A vertex counts as seen by a keyframe when it projects inside it no farther than this behind the
    /// keyframe's depth.</summary>
    [FlatName("MeshCullDepthMargin")]
    public double CullDepthMargin { get; set; } = 0.1;

    /// <summary>A copy of these settings.</summary>
    public MeshingOptions Clone() => (MeshingOptions)MemberwiseClone();

    /// <summary>Every setting of this group out of range, each named <paramref name="prefix"/> + its name, with its
    /// rule and value (empty: all valid).</summary>
    public IReadOnlyList<string> Problems(string prefix = "")
    {
        var problems = new SettingProblems(prefix);
        problems.RequirePositive(nameof(Voxel), Voxel);
        return problems.All;
    }
}
