using System.Reflection;

namespace NiceSlam.Core.Slam;

/// <summary>
/// One setting of <see cref="SlamOptions"/> as configuration names it: <see cref="Name"/> is <c>Group.Property</c>
/// (<c>Tracking.Pixels</c>; <c>Sync</c> and <c>Seed</c> at the root), <see cref="FlatName"/> its name when the options
/// were one flat list (<c>TrackingPixels</c>, from <see cref="FlatNameAttribute"/>, else the property's name), which
/// overrides still accept. <see cref="All"/> lists every setting; <see cref="Find"/> looks either name up.
/// </summary>
public sealed class SlamSetting
{
    private readonly PropertyInfo? group;
    private readonly PropertyInfo property;

    private SlamSetting(PropertyInfo? group, PropertyInfo property)
    {
        (this.group, this.property) = (group, property);
        Name = group is null ? property.Name : $"{group.Name}.{property.Name}";
        FlatName = property.GetCustomAttribute<FlatNameAttribute>()?.Name ?? property.Name;
    }

    /// <summary><c>Group.Property</c>, or the property's name for a setting at the root.</summary>
    public string Name { get; }

    /// <summary>The name in the flat layout of before the groups.</summary>
    public string FlatName { get; }

    /// <summary>The group's name (<c>Tracking</c>); null at the root.</summary>
    public string? Group => group?.Name;

    public Type Type => property.PropertyType;

    public object? Get(SlamOptions options) => property.GetValue(Owner(options));

    public void Set(SlamOptions options, object? value) => property.SetValue(Owner(options), value);

    private object Owner(SlamOptions options) => group is null ? options : group.GetValue(options)!;

    public override string ToString() => Name;

    /// <summary>The groups: the properties of <see cref="SlamOptions"/> that hold settings rather than being one.</summary>
    public static IReadOnlyList<string> Groups { get; } = [.. GroupProperties().Select(g => g.Name)];

    /// <summary>Every setting, group by group in declaration order, then the root's.</summary>
    public static IReadOnlyList<SlamSetting> All { get; } =
    [
        .. GroupProperties().SelectMany(g => Settable(g.PropertyType).Select(p => new SlamSetting(g, p))),
        .. Settable(typeof(SlamOptions)).Select(p => new SlamSetting(null, p)),
    ];

    private static readonly Dictionary<string, SlamSetting> ByName =
        All.Select(s => (s.Name, Setting: s))
            .Concat(All.Where(s => s.FlatName != s.Name).Select(s => (Name: s.FlatName, Setting: s)))
            .ToDictionary(p => p.Name, p => p.Setting, StringComparer.OrdinalIgnoreCase);

    /// <summary>The setting named <paramref name="name"/>, grouped (<c>Odometry.Levels</c>) or flat
    /// (<c>OdometryLevels</c>), case-insensitive; null when there is none.</summary>
    public static SlamSetting? Find(string name) => ByName.GetValueOrDefault(name.Trim());

    private static IEnumerable<PropertyInfo> GroupProperties() =>
        typeof(SlamOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => !p.PropertyType.IsValueType);

    private static IEnumerable<PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.PropertyType.IsValueType && p.CanRead && p.SetMethod is { IsPublic: true });
}
