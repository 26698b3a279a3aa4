namespace NiceSlam.Core.Slam;

/// <summary>The problems of one group of settings, each naming its setting with the group's prefix (e.g.
/// <c>Tracking.</c>), its rule and its value: how every group of <see cref="SlamOptions"/> reports them.</summary>
internal sealed class SettingProblems(string prefix)
{
    private readonly List<string> problems = [];

    public IReadOnlyList<string> All => problems;

    /// <summary>The setting's name as reported: the prefix and <paramref name="name"/>.</summary>
    public string Name(string name) => prefix + name;

    public void Require(bool ok, string name, object value, string rule)
    {
        if (!ok) problems.Add($"{Name(name)} must be {rule}, got {value}");
    }

    /// <summary>Requires a finite value above 0.</summary>
    public void RequirePositive(string name, double value) => Require(value > 0 && double.IsFinite(value), name, value, "> 0");

    public void Add(string name, string message) => problems.Add($"{Name(name)}: {message}");
}
