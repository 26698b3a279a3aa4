using NiceSlam.Core.Compute;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Mapping;

/// <summary>
/// The keyframes, in frame order, and the reference's choice of the mapping window: keyframes that overlap the
/// current frame (a random pick among those that see any of its sampled surface points).
/// </summary>
public sealed class KeyframeStore : IDisposable
{
    private readonly List<Keyframe> keyframes = [];

    internal IReadOnlyList<Keyframe> All => keyframes;
    public int Count => keyframes.Count;
    internal Keyframe? Last => keyframes.Count == 0 ? null : keyframes[^1];

    internal void Add(Keyframe keyframe)
    {
        if (keyframes.Count > 0 && keyframe.FrameIndex <= keyframes[^1].FrameIndex)
            throw new ArgumentException($"keyframes must come in frame order: {keyframe.FrameIndex} after {keyframes[^1].FrameIndex}");
        keyframes.Add(keyframe);
    }

    /// <summary>
    /// Share of the current frame's sampled surface points that each keyframe sees: <paramref name="pixels"/>
    /// valid pixels x <paramref name="samples"/> depths in [0.8 d, d + 0.5] put in the world with the current pose,
    /// projected into every keyframe (in front of it and at least <paramref name="margin"/> pixels inside).
    /// </summary>
    internal double[] Overlap(FrameTensors current, RigidTransform pose, int pixels, int samples, int margin, Generator generator)
    {
        if (keyframes.Count == 0 || current.ValidCount == 0) return new double[keyframes.Count];
        using var scope = NewDisposeScope();
        using var s = new HeldScalars();
        var flat = current.SamplePixels(pixels, generator);                                           // [P]
        var (u, v) = current.PixelCoordinates(flat);
        var d = current.Depth.index_select(0, flat).unsqueeze(1);                                      // [P, 1]
        var t = linspace(0, 1, samples, float32, d.device).unsqueeze(0);                               // [1, S]
        var z = (d.mul(s[0.8]) * t.negative().add(HeldScalars.One, HeldScalars.One)).add(d.add(s[0.5], HeldScalars.One) * t, HeldScalars.One); // [P, S]: 0.8 d (1 − t) + (d + 0.5) t
        var k = current.Intrinsics;
        var camera = PinholeCamera.CameraDirections(u, v, k).unsqueeze(1) * z.unsqueeze(2);          // [P, S, 3]
        var world = PinholeCamera.Transform(camera.reshape(-1, 3), pose);                             // [P*S, 3]
        var result = new double[keyframes.Count];
        for (int i = 0; i < keyframes.Count; i++)
        {
            var kf = keyframes[i];
            var local = PinholeCamera.Transform(world, kf.Pose.Inverse());
            var (pu, pv, pz) = PinholeCamera.Project(local, kf.Frame.Intrinsics);
            var inside = (pz > HeldScalars.Zero) & (pu >= s[margin]) & (pu < s[kf.Frame.Width - margin]) & (pv >= s[margin]) & (pv < s[kf.Frame.Height - margin]);
            result[i] = inside.to(float32).mean().item<float>();
        }
        return result;
    }

    /// <summary>Up to <paramref name="count"/> keyframes with any overlap, picked at random (the reference
    /// shuffles the overlapping ones), excluding <paramref name="exclude"/>.</summary>
    internal IReadOnlyList<Keyframe> SelectOverlapping(FrameTensors current, RigidTransform pose, int count, int pixels, int samples, int margin,
        Generator generator, Random random, Keyframe? exclude = null)
    {
        if (count <= 0) return [];
        var overlap = Overlap(current, pose, pixels, samples, margin, generator);
        var candidates = Enumerable.Range(0, keyframes.Count)
            .Where(i => overlap[i] > 0 && !ReferenceEquals(keyframes[i], exclude))
            .OrderByDescending(i => overlap[i]).ToList();
        // Fisher-Yates with the seeded generator: deterministic for a given seed.
        for (int i = candidates.Count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (candidates[i], candidates[j]) = (candidates[j], candidates[i]);
        }
        return [.. candidates.Take(count).OrderBy(i => i).Select(i => keyframes[i])];
    }

    /// <summary>Disposes and removes every keyframe.</summary>
    public void Clear()
    {
        foreach (var k in keyframes) k.Dispose();
        keyframes.Clear();
    }

    public void Dispose() => Clear();
}
