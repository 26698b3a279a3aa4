using NiceSlam.Dds.Interop;

namespace NiceSlam.Dds;

/// <summary>
/// Cyclone DDS domains this process created with an explicit configuration, counted by the participants using
/// them: the domain is deleted (its threads and sockets closed) when the last one goes. Without a configuration
/// Cyclone creates the domain itself from CYCLONEDDS_URI (as every ROS 2 node on Cyclone does) and deletes it with
/// its last participant.
/// </summary>
internal static class DdsDomains
{
    private static readonly Dictionary<uint, (int Handle, string Config, int Users)> Created = [];

    /// <summary>Makes sure <paramref name="domainId"/> runs with <paramref name="config"/> before a participant is
    /// created on it; returns the release action.</summary>
    /// <exception cref="InvalidOperationException">The domain already exists in this process with another
    /// configuration.</exception>
    public static Action Acquire(uint domainId, string? config)
    {
        if (string.IsNullOrWhiteSpace(config)) return () => { };
        lock (Created)
        {
            if (Created.TryGetValue(domainId, out var existing))
            {
                if (existing.Config != config)
                    throw new InvalidOperationException(
                        $"DDS domain {domainId} already runs in this process with another Cyclone DDS configuration");
                Created[domainId] = existing with { Users = existing.Users + 1 };
            }
            else
            {
                int handle = CycloneShim.CreateDomain(domainId, config);
                if (handle == DdsReturnCodes.PreconditionNotMet)
                    throw new InvalidOperationException(
                        $"DDS domain {domainId} already runs in this process without the requested configuration " +
                        "(a participant was created on it from CYCLONEDDS_URI); use one configuration per domain and process");
                DdsException.Check(handle, $"creating DDS domain {domainId} with the configuration {config}");
                Created[domainId] = (handle, config, 1);
            }
        }
        int released = 0;
        return () =>
        {
            if (Interlocked.Exchange(ref released, 1) != 0) return;
            lock (Created)
            {
                var entry = Created[domainId];
                if (entry.Users > 1) Created[domainId] = entry with { Users = entry.Users - 1 };
                else
                {
                    Created.Remove(domainId);
                    CycloneShim.Delete(entry.Handle);
                }
            }
        };
    }
}

/// <summary>Cyclone's DDS_RETCODE_* values that callers test for.</summary>
internal static class DdsReturnCodes
{
    public const int Ok = 0;
    public const int Error = -1;
    public const int BadParameter = -3;
    public const int PreconditionNotMet = -4;
    public const int OutOfResources = -5;
    public const int AlreadyDeleted = -9;
    public const int Timeout = -10;
}
