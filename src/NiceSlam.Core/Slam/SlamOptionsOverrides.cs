using System.Globalization;
using NiceSlam.Core.Map;

namespace NiceSlam.Core.Slam;

/// <summary>Applies "Name=value" overrides to <see cref="SlamOptions"/>. A name is a setting's grouped name
/// <c>Group.Setting</c> (<c>Tracking.Pixels=400</c>, <c>Odometry.Levels=4</c>; <c>Sync</c> and <c>Seed</c> have no
/// group) or its flat name of before the groups (<c>TrackingPixels=400</c>), case-insensitive (<see cref="SlamSetting"/>);
/// numbers in invariant culture; bounds as six comma-separated numbers min x,y,z, max x,y,z, or "auto".</summary>
public static class SlamOptionsOverrides
{
    public static void Apply(SlamOptions options, string assignment)
    {
        int eq = assignment.IndexOf('=');
        if (eq <= 0) throw new ArgumentException($"override '{assignment}' must look like Name=value");
        string name = assignment[..eq].Trim(), text = assignment[(eq + 1)..].Trim();
        var setting = SlamSetting.Find(name) ?? throw new ArgumentException(Unknown(name));
        string named = string.Equals(name, setting.Name, StringComparison.OrdinalIgnoreCase) ? $"'{name}'" : $"'{name}' ({setting.Name})";
        setting.Set(options, Parse(setting.Type, text, named));
    }

    /// <summary>Why <paramref name="name"/> names no setting, with the names it could have meant.</summary>
    private static string Unknown(string name)
    {
        int dot = name.IndexOf('.');
        string head = dot < 0 ? name : name[..dot];
        var group = SlamSetting.Groups.FirstOrDefault(g => string.Equals(g, head, StringComparison.OrdinalIgnoreCase));
        if (group is not null)
        {
            var settings = SlamSetting.All.Where(s => s.Group == group).Select(s => s.Name);
            return dot < 0
                ? $"'{name}' is a group of settings, not one: name one of them ({string.Join(", ", settings)})"
                : $"unknown setting '{name}' (known in {group}: {string.Join(", ", settings)})";
        }
        return $"unknown setting '{name}' (known: {string.Join(", ", SlamSetting.All.Select(s => s.Name))}; "
            + "the flat names of before the groups, e.g. TrackingPixels for Tracking.Pixels, are accepted too)";
    }

    public static Bounds3? ParseBounds(string text)
    {
        if (text.Equals("auto", StringComparison.OrdinalIgnoreCase)) return null;
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 6 || !parts.All(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            throw new ArgumentException($"bounds '{text}' must be six numbers minX,minY,minZ,maxX,maxY,maxZ (metres) or 'auto'");
        var v = parts.Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        var bounds = new Bounds3(v[0], v[1], v[2], v[3], v[4], v[5]);
        bounds.Validate();
        return bounds;
    }

    /// <summary>An enum value by name, case-insensitive, with '+', '-' and '_' ignored (so "odometry+render" reads
    /// <c>OdometryRender</c>); numbers are refused.</summary>
    public static object ParseEnum(Type type, string text)
    {
        string compact = text.Replace("+", "").Replace("-", "").Replace("_", "");
        if (compact.Length == 0 || char.IsDigit(compact[0]) || !Enum.TryParse(type, compact, ignoreCase: true, out var value))
            throw new FormatException($"known values: {string.Join(", ", Enum.GetNames(type).Select(n => n.ToLowerInvariant()))}");
        return value!;
    }

    /// <summary>The value <paramref name="text"/> gives a setting of <paramref name="type"/> (<paramref name="name"/>:
    /// the setting as messages name it, quoted).</summary>
    private static object? Parse(Type type, string text, string name)
    {
        try
        {
            if (type == typeof(int)) return int.Parse(text, CultureInfo.InvariantCulture);
            if (type == typeof(double)) return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (type == typeof(bool)) return bool.Parse(text);
            if (type.IsEnum) return ParseEnum(type, text);
            if (type == typeof(Bounds3?)) return ParseBounds(text);
        }
        catch (FormatException e) { throw new ArgumentException($"setting {name}: cannot read '{text}' as {type.Name}: {e.Message}"); }
        catch (OverflowException e) { throw new ArgumentException($"setting {name}: '{text}' is out of range: {e.Message}"); }
        throw new ArgumentException($"setting {name} of type {type.Name} cannot be set from text");
    }
}
