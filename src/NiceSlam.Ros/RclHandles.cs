using System.Reflection;
using System.Runtime.InteropServices;

namespace NiceSlam.Ros;

/// <summary>
/// Releases the rcl object behind an rcldotnet publisher, subscription, service, guard condition or node now,
/// instead of in its SafeHandle's finalizer. rcldotnet (main, 2024) exposes no Dispose for them: each keeps its
/// rcl handle in an internal <c>Handle</c> property (a <see cref="SafeHandle"/>); entities hold a reference on
/// their node's handle, so the node's <c>rcl_node_fini</c> runs when the node's handle and every entity's handle
/// are disposed. Needed before <c>RCLdotnet.Shutdown()</c>, which finishes the rcl context: with a node alive then,
/// rmw_cyclonedds aborts the process.
/// </summary>
internal static class RclHandles
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    /// <summary>Disposes <paramref name="entity"/>'s rcl handle; throws <see cref="MissingMemberException"/> when the
    /// type has no SafeHandle <c>Handle</c> property (an rcldotnet whose internals changed).</summary>
    public static void Release(object entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        for (var type = entity.GetType(); type is not null; type = type.BaseType)
        {
            var property = type.GetProperty("Handle", Instance | BindingFlags.DeclaredOnly);
            if (property is not null && typeof(SafeHandle).IsAssignableFrom(property.PropertyType))
            {
                ((SafeHandle?)property.GetValue(entity))?.Dispose();
                return;
            }
        }
        throw new MissingMemberException(entity.GetType().FullName, "Handle (a SafeHandle)");
    }
}
