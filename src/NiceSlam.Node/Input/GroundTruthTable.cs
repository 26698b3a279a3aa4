using NiceSlam.Core.Geometry;
using NiceSlam.Messages.Bus;
using NiceSlam.Messages.NavMsgs;
using NiceSlam.Node.Conversions;

namespace NiceSlam.Node.Input;

/// <summary>
/// Ground-truth poses from the ground_truth_topic (nav_msgs/Odometry: the camera optical frame's pose in the
/// recording's world), looked up by frame stamp: the nearest pose within the tolerance. Frames that carry ground
/// truth start the map at their true pose and are evaluated against it.
/// </summary>
public sealed class GroundTruthTable : IDisposable
{
    private readonly SortedList<long, RigidTransform> poses = [];
    private readonly long toleranceNs;
    private IDisposable? subscription;

    public GroundTruthTable(double toleranceSeconds) => toleranceNs = (long)(toleranceSeconds * 1e9);

    public int Count { get { lock (poses) return poses.Count; } }

    public void Start(IMessageBus bus, string topic)
    {
        if (topic.Length == 0) return;
        subscription = bus.Subscribe<Odometry>(topic, QosProfile.SensorData, Add);
    }

    public void Add(Odometry message)
    {
        var pose = TransformConversions.ToRigidTransform(message.Pose.Pose);
        lock (poses) poses[message.Header.Stamp.TotalNanoseconds] = pose;
    }

    /// <summary>The pose whose stamp is nearest to <paramref name="stampNs"/>, if within the tolerance.</summary>
    public RigidTransform? Lookup(long stampNs)
    {
        lock (poses)
        {
            if (poses.Count == 0) return null;
            var keys = poses.Keys;
            int lo = 0, hi = keys.Count - 1;
            while (lo < hi)
            {
                int mid = (lo + hi) / 2;
                if (keys[mid] < stampNs) lo = mid + 1; else hi = mid;
            }
            int best = lo;
            if (lo > 0 && Math.Abs(keys[lo - 1] - stampNs) <= Math.Abs(keys[lo] - stampNs)) best = lo - 1;
            return Math.Abs(keys[best] - stampNs) <= toleranceNs ? poses.Values[best] : null;
        }
    }

    public void Dispose() => subscription?.Dispose();
}
