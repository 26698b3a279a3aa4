using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace NiceSlam.Node.Parameters;

/// <summary>The settings of an options class: each property with a <see cref="ConfigurationKeyNameAttribute"/> and its
/// key (the ROS parameter name), in declaration order. One reflection for the parameter names, the configuration a
/// settings object turns into, and the parameter services.</summary>
public static class SettingProperties
{
    public static IReadOnlyList<(string Key, PropertyInfo Property)> Of(Type type) =>
        [.. type.GetProperties()
            .Select(p => (Key: p.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name, Property: p))
            .Where(p => p.Key is not null)
            .Select(p => (p.Key!, p.Property))];
}
