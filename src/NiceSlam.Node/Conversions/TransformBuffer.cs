using NiceSlam.Core.Geometry;
using NiceSlam.Messages.StdMsgs;
using NiceSlam.Messages.Tf2Msgs;

namespace NiceSlam.Node.Conversions;

/// <summary>
/// A small tf buffer: the latest transform of every child frame from /tf and /tf_static messages, and look-ups that
/// compose a chain through the tree (up from both frames to their nearest common ancestor). It keeps no history:
/// a look-up uses the newest value of every link. Dynamic links older than <c>maxAge</c> before the look-up time
/// are ignored when a time is given; static links never expire. Leading '/' of frame names is ignored, as tf2 does.
/// Thread-safe (the /tf callback may add while the publisher looks up).
/// </summary>
public sealed class TransformBuffer
{
    private readonly record struct Link(string Parent, RigidTransform ParentFromChild, Time Stamp, bool IsStatic);

    private readonly Dictionary<string, Link> links = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <param name="maxAge">How long a dynamic link stays usable before a look-up time (infinite by default).</param>
    public TransformBuffer(TimeSpan? maxAge = null)
    {
        if (maxAge is { } age && age < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(maxAge), $"max age must be >= 0, got {age}");
        MaxAge = maxAge ?? TimeSpan.MaxValue;
    }

    public TimeSpan MaxAge { get; }

    /// <summary>Child frames known so far.</summary>
    public int Count { get { lock (gate) return links.Count; } }

    /// <summary>Takes every transform of a /tf (<paramref name="isStatic"/> false) or /tf_static message. A dynamic
    /// link older than the one held is ignored (out-of-order delivery); a static one always replaces.</summary>
    public void Add(TFMessage message, bool isStatic)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (gate)
        {
            foreach (var t in message.Transforms)
            {
                string parent = Normalise(t.Header.FrameId), child = Normalise(t.ChildFrameId);
                if (parent.Length == 0 || child.Length == 0)
                    throw new ArgumentException($"a transform needs a parent and a child frame, got \"{t.Header.FrameId}\" -> \"{t.ChildFrameId}\"");
                if (parent == child) throw new ArgumentException($"a transform cannot connect frame \"{parent}\" to itself");
                if (!isStatic && links.TryGetValue(child, out var held) && !held.IsStatic && held.Stamp > t.Header.Stamp) continue;
                links[child] = new Link(parent, TransformConversions.ToRigidTransform(t.Transform), t.Header.Stamp, isStatic);
            }
        }
    }

    /// <summary>
    /// parent ← child: the transform that maps <paramref name="child"/> coordinates into <paramref name="parent"/>
    /// (what a TransformStamped parent → child carries), or null when the frames are not connected (or a dynamic
    /// link on the way is older than <see cref="MaxAge"/> before <paramref name="now"/>).
    /// </summary>
    public RigidTransform? Lookup(string parent, string child, Time? now = null)
    {
        parent = Normalise(parent);
        child = Normalise(child);
        if (parent == child) return RigidTransform.Identity;
        lock (gate)
        {
            // ancestor ← child for every ancestor of child (child itself included).
            var fromChild = new Dictionary<string, RigidTransform>(StringComparer.Ordinal) { [child] = RigidTransform.Identity };
            var frame = child;
            var accumulated = RigidTransform.Identity;
            while (links.TryGetValue(frame, out var link) && Usable(link, now) && !fromChild.ContainsKey(link.Parent))
            {
                accumulated = link.ParentFromChild * accumulated;
                frame = link.Parent;
                fromChild[frame] = accumulated;
            }
            // Up from parent until a common ancestor A: result = (A ← parent)⁻¹ (A ← child).
            var visited = new HashSet<string>(StringComparer.Ordinal) { parent };
            frame = parent;
            accumulated = RigidTransform.Identity;
            while (true)
            {
                if (fromChild.TryGetValue(frame, out var ancestorFromChild)) return accumulated.Inverse() * ancestorFromChild;
                if (!links.TryGetValue(frame, out var link) || !Usable(link, now) || !visited.Add(link.Parent)) return null;
                accumulated = link.ParentFromChild * accumulated;
                frame = link.Parent;
            }
        }
    }

    private bool Usable(Link link, Time? now) =>
        link.IsStatic || now is not { } t || MaxAge == TimeSpan.MaxValue ||
        t.TotalNanoseconds - link.Stamp.TotalNanoseconds <= MaxAge.Ticks * 100;

    private static string Normalise(string frame) => (frame ?? "").TrimStart('/');
}
