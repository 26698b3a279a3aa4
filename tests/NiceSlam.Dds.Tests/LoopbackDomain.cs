using NiceSlam.Dds.Ros;

namespace NiceSlam.Dds.Tests;

/// <summary>
/// DDS settings for tests: every participant on 127.0.0.1 alone (no multicast, unicast discovery to 127.0.0.1;
/// ../shared/DDS-LOOPBACK.md), and a domain id of its own per test so that tests running side by side never
/// see each other's topics.
/// </summary>
internal static class LoopbackDomain
{
    private static int next = 100 + Environment.ProcessId % 50 * 2;

    /// <summary>A domain id no other test of this process uses (100-229).</summary>
    public static uint Next() => (uint)(100 + (Interlocked.Increment(ref next) - 100) % 130);

    public static DdsBusOptions Options(uint domain, string nodeName = "test_node", RosDistro distro = RosDistro.Humble) => new()
    {
        DomainId = domain,
        CycloneConfig = CycloneConfig.Loopback(),
        NodeName = nodeName,
        Distro = distro,
    };

    /// <summary>Polls <paramref name="condition"/> every 10 ms; false after <paramref name="timeout"/>.</summary>
    public static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan timeout)
    {
        var end = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > end) return false;
            await Task.Delay(10);
        }
        return true;
    }
}
