using System.Diagnostics;
using NiceSlam.Core.Mapping;
using NiceSlam.Core.Slam;
using NiceSlam.Core.Tracking;

namespace NiceSlam.Core.Diagnostics;

/// <summary>Milliseconds of one iteration of the engine's two inner loops, timed in the real tracker and mapper.</summary>
public static class IterationTiming
{
    /// <summary>Milliseconds per rendering-tracking iteration at <paramref name="pixels"/>, from the true pose.</summary>
    public static double TrackIteration(IterationScene scene, SlamOptions path, int pixels, int iterations)
    {
        var options = path.Clone();
        options.Tracking.Pixels = pixels;
        options.Tracking.Iterations = iterations;
        options.Tracking.FrontEnd = TrackingFrontEnd.Render;                                         // the rendering loop alone
        using var tracker = new Tracker(options, scene.Generator);
        return tracker.Track(scene.Map, scene.Frame, scene.Pose).MillisecondsPerIteration;
    }

    /// <summary>Milliseconds per mapping iteration of one mapping call of <paramref name="iterations"/> iterations
    /// (the stage schedule) at <paramref name="pixels"/>; <paramref name="colorOnly"/> runs the colour stage from the
    /// second iteration on (the most expensive stage).</summary>
    public static double MapIteration(IterationScene scene, SlamOptions path, int pixels, int iterations, bool colorOnly = false)
    {
        var options = path.Clone();
        options.Mapping.Pixels = pixels;
        options.Mapping.Iterations = iterations;
        if (colorOnly) { options.Mapping.MiddleStageShare = 0; options.Mapping.FineStageShare = 0; }
        using var keyframes = new KeyframeStore();
        var watch = Stopwatch.StartNew();
        var (result, _) = new Mapper(options, scene.Generator, new Random(0)).Map(scene.Map, keyframes, scene.Frame, scene.Pose, firstFrame: false);
        return watch.Elapsed.TotalMilliseconds / result.Iterations;
    }
}
