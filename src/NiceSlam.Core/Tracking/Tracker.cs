using System.Diagnostics;
using NiceSlam.Core.Compute;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Map;
using NiceSlam.Core.Mapping;
using NiceSlam.Core.Rendering;
using NiceSlam.Core.Slam;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Tracking;

/// <summary>
/// Camera tracking, front end chosen by <see cref="TrackingOptions.FrontEnd"/>:
/// <list type="bullet">
/// <item><c>render</c>: NICE-SLAM's rendering loss alone from the constant-velocity guess (<see cref="RenderingRefinement"/>,
/// the reference method; no recovery).</item>
/// <item><c>odometry</c>: dense RGB-D odometry (<see cref="RgbdOdometry"/>) from the constant-velocity guess against a
/// reference (<see cref="OdometryReference"/>: the nearest tracking keyframe, the last frame, or the map rendered at
/// the guess).</item>
/// <item><c>odometry+render</c>: the odometry's pose refined by a few iterations of the rendering loss.</item>
/// </list>
/// Recovery (odometry front ends): when the odometry fails, or the refined rendering loss jumps above
/// <see cref="TrackingOptions.RecoveryLossFactor"/> x its running median, the frame is re-tracked from the last good
/// tracking keyframe with a wide basin (coarsest level first, wider gates, from the guess and from the keyframe's own
/// pose). When that fails too the frame is lost: its pose is not trusted and it becomes no reference; later frames
/// are tried against the last good keyframe and, in turn, a few others (relocalisation: the camera went on moving),
/// and tracking resumes as soon as one agrees (and the map does: the rendering loss is checked as before).
/// Not thread-safe: one tracking loop owns it.
/// </summary>
public sealed class Tracker : IDisposable
{
    private readonly SlamOptions options;
    private readonly RenderingRefinement rendering;
    private readonly RgbdOdometry odometry;
    private readonly TrackingReferences references;
    private readonly LossMonitor losses;
    private readonly RaySampling sampling;
    private int lostStreak;             // frames lost in a row: relocalisation runs while > 0
    private int relocaliseCursor;       // where the next relocalisation picks up among the keyframes

    public Tracker(SlamOptions options, Generator generator)
    {
        this.options = options;
        rendering = new RenderingRefinement(options, generator);
        odometry = new RgbdOdometry(OdometrySettings.From(options.Odometry));
        references = new TrackingReferences(options.Odometry.KeyframeMotion, options.Odometry.MaxKeyframes);
        losses = new LossMonitor(options.Tracking.RecoveryLossWindow, options.Tracking.RecoveryLossFactor);
        sampling = options.Rendering.RaySampling();
    }

    /// <summary>The constant-velocity initial guess T_t = T_{t-1} T_{t-2}^-1 T_{t-1} (or T_{t-1}).</summary>
    public static RigidTransform Predict(RigidTransform? beforePrevious, RigidTransform previous, bool constantVelocity) =>
        constantVelocity && beforePrevious is { } older ? Se3.Orthonormalised(previous * older.Inverse() * previous) : previous;

    /// <summary>Whether the front end is one of the odometry ones (which can track without a map).</summary>
    public bool UsesOdometry => options.Tracking.FrontEnd != TrackingFrontEnd.Render;

    /// <summary>The odometry's levels and one coarser for the recovery's wide basin.</summary>
    private int PyramidLevels => options.Odometry.Levels + 1;

    /// <summary>The odometry's reference frames (diagnostics, tests).</summary>
    public TrackingReferences References => references;

    /// <summary>A frame whose pose is given (the first frame of a map): everything before is forgotten and the frame
    /// becomes the first tracking keyframe.</summary>
    public void Anchor(FrameTensors frame, RigidTransform pose)
    {
        Reset();
        if (UsesOdometry && frame.ValidCount > 0) references.Accept(frame.Index, new RgbdPyramid(frame, PyramidLevels), pose, forceKeyframe: true);
    }

    /// <summary>Forgets the reference frames and the loss history (a new or imported map).</summary>
    public void Reset()
    {
        references.Clear();
        losses.Clear();
        lostStreak = 0;
        relocaliseCursor = 0;
    }

    /// <summary>
    /// Tracks <paramref name="frame"/> from the guess <paramref name="initial"/>. <paramref name="map"/> is needed by
    /// the rendering front ends and the rendered reference (after a map is imported, <see cref="Anchor"/> gives the
    /// odometry its first reference); without it the odometry front ends track by odometry alone.
    /// <paramref name="refine"/> false skips the rendering refinement of <c>odometry+render</c> for this frame (a live
    /// scheduler behind the camera).
    /// </summary>
    public TrackingResult Track(HierarchicalMap? map, FrameTensors frame, RigidTransform initial, bool refine = true)
    {
        var result = TrackFrame(map, frame, initial, refine);
        lostStreak = result.Lost ? lostStreak + 1 : 0;
        return result;
    }

    private TrackingResult TrackFrame(HierarchicalMap? map, FrameTensors frame, RigidTransform initial, bool refine)
    {
        using var activity = Diagnostics.EngineActivity.Enter("tracking");
        if (!UsesOdometry)
        {
            if (map is null) throw new ArgumentNullException(nameof(map), "the render front end needs the map");
            var r = rendering.Optimise(map, frame, initial, options.Tracking.Iterations, resample: true);
            return new TrackingResult(r.Pose, r.InitialLoss, r.BestLoss, r.Iterations, r.Milliseconds, r.InlierShare)
            {
                Outcome = r.NothingToCompare ? TrackingOutcome.Lost : TrackingOutcome.Tracked,
                LostReason = r.NothingToCompare ? "no pixel to compare with the map" : null,
            };
        }
        var watch = Stopwatch.StartNew();
        if (frame.ValidCount == 0) return Lost(initial, "no depth", null, watch, 0);
        var threads = IntraOpThreads.Limit(options.Odometry.Threads);
        var pyramid = new RgbdPyramid(frame, PyramidLevels);
        bool kept = false;
        try
        {
            var attempt = Align(map, pyramid, initial);
            var outcome = TrackingOutcome.Tracked;
            if (!attempt.Result.Succeeded)
            {
                var retry = Recover(pyramid, initial);
                if (retry is null || !retry.Value.Result.Succeeded)
                    return Lost(initial, $"odometry {attempt.Result.Failure}; recovery {retry?.Result.Failure ?? "had no keyframe"}", attempt.Result, watch, watch.Elapsed.TotalMilliseconds);
                attempt = retry.Value;
                outcome = TrackingOutcome.Recovered;
            }
            threads.Dispose();                                   // the rendering refinement uses the engine's threads
            double odometryMs = watch.Elapsed.TotalMilliseconds;
            RefinementResult? refined = null;
            // A frame whose odometry held directions the scene does not constrain is not refined: the rendering loss
            // is no better informed along them, and its optimiser's steps (Adam: about the same size whatever the
            // gradient) would move the pose there.
            if (refine && options.Tracking.FrontEnd == TrackingFrontEnd.OdometryRender && map is not null && options.Tracking.RefinementIterations > 0
                && attempt.Result.DegenerateDirections == 0)
            {
                refined = rendering.Optimise(map, frame, attempt.Pose, options.Tracking.RefinementIterations, resample: false);
                if (losses.IsJump(refined.BestLoss))
                {
                    string jump = FormattableString.Invariant($"rendering loss {refined.BestLoss:0.000} > {options.Tracking.RecoveryLossFactor} x median {losses.Median:0.000}");
                    if (outcome == TrackingOutcome.Recovered) return Lost(initial, jump, attempt.Result, watch, odometryMs);
                    var retry = Recover(pyramid, initial);
                    if (retry is null || !retry.Value.Result.Succeeded)
                        return Lost(initial, $"{jump}; recovery {retry?.Result.Failure ?? "had no keyframe"}", attempt.Result, watch, odometryMs);
                    var again = rendering.Optimise(map, frame, retry.Value.Pose, options.Tracking.RefinementIterations, resample: false);
                    if (losses.IsJump(again.BestLoss)) return Lost(initial, $"{jump}; still after recovery", retry.Value.Result, watch, odometryMs);
                    (attempt, refined, outcome) = (retry.Value, again, TrackingOutcome.Recovered);
                }
                losses.Add(refined.BestLoss);
            }
            var pose = refined is { NothingToCompare: false } ? refined.Pose : attempt.Pose;
            references.Accept(frame.Index, pyramid, pose);
            kept = true;
            return new TrackingResult(pose, refined?.InitialLoss ?? double.NaN, refined?.BestLoss ?? double.NaN, refined?.Iterations ?? 0,
                watch.Elapsed.TotalMilliseconds, refined?.InlierShare ?? attempt.Result.InlierShare)
            {
                Outcome = outcome,
                Odometry = attempt.Result,
                OdometryMilliseconds = odometryMs,
                ReferenceFrame = attempt.ReferenceFrame,
            };
        }
        finally
        {
            threads.Dispose();
            if (!kept) pyramid.Dispose();
        }
    }

    private readonly record struct Attempt(RigidTransform Pose, OdometryResult Result, int ReferenceFrame);

    /// <summary>The odometry against the configured reference, from the guess.</summary>
    private Attempt Align(HierarchicalMap? map, RgbdPyramid pyramid, RigidTransform initial)
    {
        if (options.Odometry.Reference == OdometryReference.Rendered && map is not null)
        {
            int level = Math.Min(options.Odometry.RenderLevel, pyramid.Count - 1);
            using var rendered = RenderedReference.Render(map, pyramid[level], initial, sampling, pyramid.Count - level);
            var result = odometry.Align(rendered, pyramid, RigidTransform.Identity, movingOffset: level);
            return new Attempt(Se3.Orthonormalised(initial * result.Relative), result, -1);
        }
        var reference = references.Select(initial, options.Odometry.Reference);
        if (reference is null) return new Attempt(initial, Failed("no reference frame"), -1);
        var relative = odometry.Align(reference.Pyramid, pyramid, reference.Pose.Inverse() * initial);
        return new Attempt(Se3.Orthonormalised(reference.Pose * relative.Relative), relative, reference.FrameIndex);
    }

    /// <summary>
    /// Re-tracks from the last good keyframe with a wide basin, from the guess and from the keyframe's own pose. When
    /// the previous frame was lost too and that fails, relocalises: the camera may by now be anywhere it has been, so
    /// <see cref="TrackingOptions.RelocalisationCandidates"/> other tracking keyframes are tried from their own poses, in
    /// turn from the newest back (a different few each lost frame, so every keyframe comes round). The successful
    /// alignment with most inliers (null when there is no keyframe).
    /// </summary>
    private Attempt? Recover(RgbdPyramid pyramid, RigidTransform initial)
    {
        var keyframe = references.NewestKeyframe ?? references.Last;
        if (keyframe is null) return null;
        Attempt? best = null;
        foreach (var start in new[] { keyframe.Pose.Inverse() * initial, RigidTransform.Identity })
            best = Better(best, AlignTo(keyframe, pyramid, start));
        if (best!.Value.Result.Succeeded || lostStreak == 0) return best;
        Attempt? found = null;
        foreach (var other in RelocalisationCandidates(keyframe))
            found = Better(found, AlignTo(other, pyramid, RigidTransform.Identity));
        if (found is not { Result.Succeeded: true }) return best;
        return Confirmed(found.Value, pyramid);
    }

    /// <summary>
    /// A relocalisation from a distant keyframe's own pose is a wide-basin guess that can settle on a wrong but
    /// self-consistent pose (a similar wall elsewhere). It is kept only when a second keyframe, the nearest other one
    /// to the pose found, aligns the frame to the same pose from there (normal basin): within
    /// <see cref="TrackingOptions.RelocalisationAgreement"/> metres and x 50 degrees (3 cm, 1.5°). Otherwise the frame stays lost and
    /// the next frame tries again.
    /// </summary>
    private Attempt Confirmed(Attempt found, RgbdPyramid pyramid)
    {
        var witness = references.Nearest(found.Pose, except: found.ReferenceFrame);
        if (witness is null)
            return found with { Result = Failed($"relocalisation against keyframe {found.ReferenceFrame} has no second keyframe to confirm it") };
        var check = odometry.Align(witness.Pyramid, pyramid, witness.Pose.Inverse() * found.Pose);
        var pose = Se3.Orthonormalised(witness.Pose * check.Relative);
        var delta = found.Pose.Inverse() * pose;
        double metres = delta.TranslationNorm(), degrees = delta.RotationAngle() * 180 / Math.PI;
        double tolerance = options.Tracking.RelocalisationAgreement;
        if (check.Succeeded && metres <= tolerance && degrees <= tolerance * 50) return found;
        string why = check.Succeeded
            ? FormattableString.Invariant($"keyframe {witness.FrameIndex} puts it {metres * 100:0.0} cm, {degrees:0.0}° away")
            : $"keyframe {witness.FrameIndex}: {check.Failure}";
        return found with { Result = found.Result with { Failure = $"relocalisation against keyframe {found.ReferenceFrame} not confirmed ({why})" } };
    }

    private Attempt AlignTo(ReferenceFrame keyframe, RgbdPyramid pyramid, RigidTransform start)
    {
        var result = odometry.Align(keyframe.Pyramid, pyramid, start, wideBasin: true);
        return new Attempt(Se3.Orthonormalised(keyframe.Pose * result.Relative), result, keyframe.FrameIndex);
    }

    private static Attempt Better(Attempt? best, Attempt attempt) =>
        best is null || (attempt.Result.Succeeded && (!best.Value.Result.Succeeded || attempt.Result.InlierShare > best.Value.Result.InlierShare))
            ? attempt : best.Value;

    /// <summary>The next few keyframes to relocalise against (the one already tried left out), newest first, taking
    /// up where the previous lost frame stopped.</summary>
    private List<ReferenceFrame> RelocalisationCandidates(ReferenceFrame tried)
    {
        var pool = references.Keyframes.Where(k => !ReferenceEquals(k, tried)).Reverse().ToList();
        int take = Math.Min(options.Tracking.RelocalisationCandidates, pool.Count);
        var chosen = Enumerable.Range(0, take).Select(i => pool[(relocaliseCursor + i) % pool.Count]).ToList();
        relocaliseCursor = pool.Count == 0 ? 0 : (relocaliseCursor + take) % pool.Count;
        return chosen;
    }

    private static OdometryResult Failed(string why) =>
        new(RigidTransform.Identity, false, why, 0, 0, double.NaN, double.NaN, double.PositiveInfinity, 0, 0);

    private static TrackingResult Lost(RigidTransform initial, string why, OdometryResult? odometry, Stopwatch watch, double odometryMs) =>
        new(initial, double.NaN, double.NaN, 0, watch.Elapsed.TotalMilliseconds, odometry?.InlierShare ?? 0)
        {
            Outcome = TrackingOutcome.Lost,
            LostReason = why,
            Odometry = odometry,
            OdometryMilliseconds = odometryMs,
        };

    public void Dispose() => references.Dispose();
}
