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
    private readonly PoseGraph graph = new();
    private int previousReference = -1;  // the keyframe the previous frame was tracked against
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

    /// <summary>An error added to every frame's alignment against its reference (identity: none). Tests inject drift
    /// with it, to see the pose graph remove it.</summary>
    internal RigidTransform InjectedBias { get; set; } = RigidTransform.Identity;

    /// <summary>The odometry's reference frames (diagnostics, tests).</summary>
    public TrackingReferences References => references;

    /// <summary>A frame whose pose is given (the first frame of a map): everything before is forgotten and the frame
    /// becomes the first tracking keyframe.</summary>
    public void Anchor(FrameTensors frame, RigidTransform pose)
    {
        Reset();
        if (UsesOdometry && frame.ValidCount > 0)
        {
            references.Accept(frame.Index, frame.Timestamp, new RgbdPyramid(frame, PyramidLevels), pose, forceKeyframe: true);
            graph.AddNode(frame.Index, pose);
        }
    }

    /// <summary>Forgets the reference frames and the loss history (a new or imported map).</summary>
    public void Reset()
    {
        references.Clear();
        graph.Clear();
        previousReference = -1;
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
        var readout = ReadoutFrom(frame.Timestamp);
        bool kept = false;
        try
        {
            var attempt = Align(map, pyramid, initial, readout);
            var attemptReadout = readout;
            // A rolling-shutter model fed a wrong velocity (the frame before was tracked badly) can cost the alignment
            // its inliers: the frame is tried as a snapshot before it is taken for lost.
            if (!attempt.Result.Succeeded && readout is not null)
            {
                var snapshot = Align(map, pyramid, initial, null);
                if (snapshot.Result.Succeeded) (attempt, attemptReadout) = (snapshot, null);
            }
            var outcome = TrackingOutcome.Tracked;
            if (!attempt.Result.Succeeded)
            {
                var retry = Recover(pyramid, initial, readout);
                if (retry is null || !retry.Value.Result.Succeeded)
                    return Lost(initial, $"odometry {attempt.Result.Failure}; recovery {retry?.Result.Failure ?? "had no keyframe"}", attempt.Result, watch, watch.Elapsed.TotalMilliseconds)
                        with { LostEstimate = NarrowMiss(attempt, retry) };
                attempt = retry.Value;
                outcome = TrackingOutcome.Recovered;
            }
            var refinedKeyframe = outcome == TrackingOutcome.Tracked ? RefinedKeyframe(attempt, pyramid, attemptReadout) : null;
            attempt = refinedKeyframe ?? attempt;
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
                    var retry = Recover(pyramid, initial, readout);
                    if (retry is null || !retry.Value.Result.Succeeded)
                        return Lost(initial, $"{jump}; recovery {retry?.Result.Failure ?? "had no keyframe"}", attempt.Result, watch, odometryMs);
                    var again = rendering.Optimise(map, frame, retry.Value.Pose, options.Tracking.RefinementIterations, resample: false);
                    if (losses.IsJump(again.BestLoss)) return Lost(initial, $"{jump}; still after recovery", retry.Value.Result, watch, odometryMs);
                    (attempt, refined, outcome) = (retry.Value, again, TrackingOutcome.Recovered);
                }
                losses.Add(refined.BestLoss);
            }
            var pose = refined is { NothingToCompare: false } ? refined.Pose : attempt.Pose;
            if (readout is not null) pyramid.Unroll(readout(pose));              // as a reference from now on
            bool keyframe = references.Accept(frame.Index, frame.Timestamp, pyramid, pose);
            kept = true;
            var graphWatch = Stopwatch.StartNew();
            var connected = keyframe ? Connect(frame.Index, attempt.ReferenceFrame, pose)
                : CloseLoop(frame.Index, attempt.ReferenceFrame, pose, initial, pyramid);
            odometryMs += graphWatch.Elapsed.TotalMilliseconds;
            previousReference = attempt.ReferenceFrame;
            return new TrackingResult(connected.Pose, refined?.InitialLoss ?? double.NaN, refined?.BestLoss ?? double.NaN, refined?.Iterations ?? 0,
                watch.Elapsed.TotalMilliseconds, refined?.InlierShare ?? attempt.Result.InlierShare)
            {
                Outcome = outcome,
                Odometry = attempt.Result,
                OdometryMilliseconds = odometryMs,
                ReferenceFrame = attempt.ReferenceFrame,
                Keyframe = keyframe,
                KeyframeRefined = refinedKeyframe is not null,
                Corrections = connected.Corrections,
                LoopClosures = connected.Loops,
            };
        }
        finally
        {
            threads.Dispose();
            if (!kept) pyramid.Dispose();
        }
    }

    private readonly record struct Attempt(RigidTransform Pose, OdometryResult Result, int ReferenceFrame);

    /// <summary>Smallest inlier share of an alignment that failed the inlier gate alone whose pose a lost frame still
    /// reports (<see cref="TrackingResult.LostEstimate"/>).</summary>
    public const double LostEstimateInlierShare = 0.4;

    /// <summary>The pose of the better of two failed alignments that missed only the inlier gate, by at most
    /// <see cref="LostEstimateInlierShare"/> (null when neither did).</summary>
    private static RigidTransform? NarrowMiss(Attempt attempt, Attempt? retry) =>
        new[] { attempt, retry ?? attempt }
            .Where(a => a.Result.FailedOnlyInliers && a.Result.InlierShare >= LostEstimateInlierShare)
            .OrderByDescending(a => a.Result.InlierShare)
            .Select(a => (RigidTransform?)a.Pose).FirstOrDefault();

    private readonly record struct Connection(RigidTransform Pose, IReadOnlyList<KeyframeCorrection> Corrections, int Loops);

    /// <summary>Keyframes made just before a new one: an edge to any other is a place seen again after a while
    /// (a loop closure), aligned with the wide basin since drift may have moved it.</summary>
    private const int RecentKeyframes = 5;

    /// <summary>Noise of a keyframe-to-keyframe alignment in the pose graph: 1 cm, 0.01 rad (0.57°).</summary>
    private const double EdgeTranslationSigma = 0.01, EdgeRotationSigma = 0.01;

    /// <summary>The pose graph's Cauchy scale, in edge σ: a loop's drift (tens of σ on the edge that closes it) must
    /// still pull the chain straight, so only gross errors are damped; edges are gated before they are added.</summary>
    private const double RobustScale = 20;

    /// <summary>Largest disagreement between an extra edge and the current estimate that is still believed: the
    /// drift a loop closure may correct (0.3 m, 15°).</summary>
    private const double MaxEdgeCorrection = 0.3, MaxEdgeCorrectionRadians = 15 * Math.PI / 180;

    /// <summary>
    /// A new tracking keyframe joins the pose graph (<see cref="OdometryOptions.PoseGraphEdges"/> &gt; 0): an edge from the
    /// keyframe it was tracked against (what its pose rests on), and edges from up to that many other keyframes that
    /// see the same place (nearest apparent motion within <see cref="OdometryOptions.PoseGraphSearch"/>), each aligned by
    /// the odometry and kept when it succeeds and agrees with the estimate within the drift a loop may hold. When one
    /// was added the graph is optimised and every keyframe takes its new pose: the drift accumulated along the chain
    /// spreads back over it instead of staying in the newest frames. Returns the new keyframe's pose and the
    /// keyframes moved.
    /// </summary>
    /// <summary>Whether <paramref name="frameIndex"/> is a keyframe made long ago (not one of the recent ones).</summary>
    private bool IsOld(int frameIndex)
    {
        var all = references.Keyframes;
        for (int i = all.Count - 1; i >= Math.Max(0, all.Count - 1 - RecentKeyframes); i--)
            if (all[i].FrameIndex == frameIndex) return false;
        return references.Keyframe(frameIndex) is not null;
    }

    /// <summary>
    /// A frame that is no keyframe but was just tracked against an old keyframe, when the frame before it rested on a
    /// recent one: the camera is back at a place it saw long ago, and the chain of recent keyframes carries whatever
    /// drift it gathered since. The frame is aligned to the newest keyframe as well (from the chain's guess
    /// <paramref name="chainGuess"/>); the two alignments give an edge between the old keyframe and the newest, and
    /// the optimised graph spreads the loop's drift back over the chain (<see cref="OdometryOptions.LoopClosure"/>).
    /// </summary>
    private Connection CloseLoop(int index, int referenceIndex, RigidTransform pose, RigidTransform chainGuess, RgbdPyramid pyramid)
    {
        if (!options.Odometry.LoopClosure || referenceIndex < 0 || referenceIndex == previousReference || !IsOld(referenceIndex)
            || previousReference < 0 || IsOld(previousReference) || references.NewestKeyframe is not { } newest || newest.FrameIndex == referenceIndex)
            return new Connection(pose, [], 0);
        var old = references.Keyframe(referenceIndex) ?? throw new InvalidOperationException($"keyframe {referenceIndex} is not in the store");
        if (!graph.Poses.ContainsKey(old.FrameIndex) || !graph.Poses.ContainsKey(newest.FrameIndex)) return new Connection(pose, [], 0);
        OdometryResult result;
        using (IntraOpThreads.Limit(options.Odometry.Threads))
            result = odometry.Align(newest.Pyramid, pyramid, newest.Pose.Inverse() * chainGuess);
        if (!result.Succeeded) return new Connection(pose, [], 0);
        // old → frame measured by tracking, newest → frame by this alignment: old → newest = (old → frame)(newest → frame)⁻¹.
        var measured = Se3.Orthonormalised(old.Pose.Inverse() * pose * result.Relative.Inverse());
        if (!TryAddEdge(old.FrameIndex, newest.FrameIndex, old.Pose.Inverse() * newest.Pose, measured)) return new Connection(pose, [], 0);
        return new Connection(pose, Optimise(index, old.FrameIndex), 1);
    }

    /// <summary>Adds the edge <paramref name="from"/> → <paramref name="to"/> measured as <paramref name="measured"/>
    /// when it disagrees with the graph's current <paramref name="predicted"/> by no more than the drift a loop may
    /// hold (<see cref="MaxEdgeCorrection"/>); returns whether it was added.</summary>
    private bool TryAddEdge(int from, int to, RigidTransform predicted, RigidTransform measured)
    {
        var disagreement = predicted.Inverse() * measured;
        if (disagreement.TranslationNorm() > MaxEdgeCorrection || disagreement.RotationAngle() > MaxEdgeCorrectionRadians) return false;
        graph.AddEdge(new PoseGraph.Edge(from, to, measured, EdgeTranslationSigma, EdgeRotationSigma));
        return true;
    }

    /// <summary>Optimises the keyframes from <paramref name="oldestMoved"/> on (the older ones hold: nothing new
    /// pulls on them) and moves every keyframe to its new pose; the keyframes moved, <paramref name="current"/> left out.</summary>
    private List<KeyframeCorrection> Optimise(int current, int oldestMoved)
    {
        graph.Optimise(robustScale: RobustScale, freeFrom: oldestMoved);
        var corrections = new List<KeyframeCorrection>();
        foreach (var keyframe in references.Keyframes)
        {
            var after = graph.Poses[keyframe.FrameIndex];
            var before = keyframe.Pose;
            keyframe.Pose = after;
            var moved = before.Inverse() * after;
            if (keyframe.FrameIndex != current && (moved.TranslationNorm() > 1e-7 || moved.RotationAngle() > 1e-7))
                corrections.Add(new KeyframeCorrection(keyframe.FrameIndex, before, after));
        }
        return corrections;
    }

    private Connection Connect(int index, int referenceIndex, RigidTransform pose)
    {
        foreach (int id in graph.Poses.Keys.Where(id => references.Keyframes.All(k => k.FrameIndex != id)).ToList())
            graph.RemoveNode(id);                                       // dropped from the store (oldest beyond the cap)
        graph.AddNode(index, pose);
        var self = references.Keyframes[^1];
        var anchor = references.Keyframes.LastOrDefault(k => k.FrameIndex == referenceIndex && k.FrameIndex != index)
            ?? (references.Keyframes.Count >= 2 ? references.Keyframes[^2] : null);
        if (anchor is null) return new Connection(pose, [], 0);
        graph.AddEdge(new PoseGraph.Edge(anchor.FrameIndex, index, Se3.Orthonormalised(anchor.Pose.Inverse() * pose), EdgeTranslationSigma, EdgeRotationSigma));
        if (options.Odometry.PoseGraphEdges == 0) return new Connection(pose, [], 0);
        var recent = references.Keyframes.Reverse().Skip(1).Take(RecentKeyframes).Select(k => k.FrameIndex).ToHashSet();
        var candidates = references.Keyframes
            .Where(k => k.FrameIndex != index && k.FrameIndex != anchor.FrameIndex)
            .Select(k => (Keyframe: k, Motion: k.ApparentMotion(pose)))
            .Where(c => c.Motion < options.Odometry.PoseGraphSearch)
            .OrderBy(c => c.Motion).Take(options.Odometry.PoseGraphEdges).Select(c => c.Keyframe).ToList();
        if (candidates.Count == 0) return new Connection(pose, [], 0);
        int added = 0, loops = 0;
        var connectedTo = new List<int>();
        using (IntraOpThreads.Limit(options.Odometry.Threads))
            foreach (var other in candidates)
            {
                bool loop = !recent.Contains(other.FrameIndex);
                var predicted = other.Pose.Inverse() * pose;
                var result = odometry.Align(other.Pyramid, self.Pyramid, predicted, wideBasin: loop);
                if (!result.Succeeded) continue;
                if (!TryAddEdge(other.FrameIndex, index, predicted, Se3.Orthonormalised(result.Relative))) continue;
                added++;
                connectedTo.Add(other.FrameIndex);
                if (loop) loops++;
            }
        if (added == 0) return new Connection(pose, [], 0);
        var corrections = Optimise(index, Math.Min(anchor.FrameIndex, connectedTo.Min()));
        return new Connection(graph.Poses[index], corrections, loops);
    }

    /// <summary>Longest interval to the last tracked frame over which its velocity still stands for the current
    /// frame's during its readout, seconds.</summary>
    private const double MaxReadoutInterval = 0.2;

    /// <summary>
    /// The rolling-shutter motion of a frame stamped <paramref name="timestamp"/> as a function of its camera-to-world
    /// pose: the constant velocity from the last tracked frame to that pose, over the camera's readout time
    /// (<see cref="OdometryOptions.RollingShutterReadout"/>). Null for a global shutter, with no last frame, or when
    /// that frame is too long ago to say how the camera moves now.
    /// </summary>
    private Func<RigidTransform, ReadoutMotion>? ReadoutFrom(double timestamp)
    {
        double readout = options.Odometry.RollingShutterReadout;
        if (readout <= 0 || references.Last is not { } last) return null;
        double interval = timestamp - last.Timestamp;
        if (!(interval > 0) || interval > MaxReadoutInterval) return null;
        var previous = last.Pose;
        return pose => ReadoutMotion.Between(previous, pose, interval, readout);
    }

    /// <summary>The moving frame's readout motion for an alignment whose relative pose is to <paramref name="reference"/>
    /// (camera-to-world).</summary>
    private static Func<RigidTransform, ReadoutMotion>? Relative(Func<RigidTransform, ReadoutMotion>? readout, RigidTransform reference) =>
        readout is null ? null : relative => readout(reference * relative);

    /// <summary>The odometry against the configured reference, from the guess.</summary>
    private Attempt Align(HierarchicalMap? map, RgbdPyramid pyramid, RigidTransform initial, Func<RigidTransform, ReadoutMotion>? readout)
    {
        if (options.Odometry.Reference == OdometryReference.Rendered && map is not null)
        {
            int level = Math.Min(options.Odometry.RenderLevel, pyramid.Count - 1);
            using var rendered = RenderedReference.Render(map, pyramid[level], initial, sampling, pyramid.Count - level);
            var result = odometry.Align(rendered, pyramid, RigidTransform.Identity, movingOffset: level, movingReadout: Relative(readout, initial));
            return new Attempt(Se3.Orthonormalised(initial * result.Relative), result, -1);
        }
        var reference = references.Select(initial, options.Odometry.Reference);
        if (reference is null) return new Attempt(initial, Failed("no reference frame"), -1);
        var relative = odometry.Align(reference.Pyramid, pyramid, reference.Pose.Inverse() * initial, movingReadout: Relative(readout, reference.Pose));
        return new Attempt(Se3.Orthonormalised(reference.Pose * relative.Relative * InjectedBias), relative, reference.FrameIndex);
    }

    /// <summary>
    /// A frame about to become a keyframe whose alignment to its keyframe was strained (fewer ICP inliers than
    /// <see cref="OdometryOptions.KeyframeRefinementInliers"/>), aligned again from its pose to that keyframe and the
    /// last tracked frame together (<see cref="OdometryOptions.KeyframeLastFrameWeight"/>): the refined attempt, or
    /// null when the setting is off, the reference is not a keyframe, the alignment was clean, the frame is no
    /// keyframe, the last frame is its reference, or the joint alignment fails.
    /// </summary>
    private Attempt? RefinedKeyframe(Attempt attempt, RgbdPyramid pyramid, Func<RigidTransform, ReadoutMotion>? readout)
    {
        double weight = options.Odometry.KeyframeLastFrameWeight;
        if (!(weight > 0) || options.Odometry.Reference != OdometryReference.Keyframe
            || attempt.Result.InlierShare >= options.Odometry.KeyframeRefinementInliers
            || references.Last is not { } last || last.FrameIndex == attempt.ReferenceFrame
            || references.Keyframe(attempt.ReferenceFrame) is not { } keyframe
            || !references.WouldBeKeyframe(attempt.Pose))
            return null;

        var joint = odometry.Align(keyframe.Pyramid, pyramid, keyframe.Pose.Inverse() * attempt.Pose, movingReadout: Relative(readout, keyframe.Pose),
            companion: new CompanionReference(last.Pyramid, last.Pose.Inverse() * keyframe.Pose, weight));
        return joint.Succeeded ? attempt with { Pose = Se3.Orthonormalised(keyframe.Pose * joint.Relative), Result = joint } : null;
    }

    /// <summary>
    /// Re-tracks from the last good keyframe with a wide basin, from the guess and from the keyframe's own pose. When
    /// the previous frame was lost too and that fails, relocalises: the camera may by now be anywhere it has been, so
    /// <see cref="TrackingOptions.RelocalisationCandidates"/> other tracking keyframes are tried from their own poses, in
    /// turn from the newest back (a different few each lost frame, so every keyframe comes round). The successful
    /// alignment with most inliers (null when there is no keyframe).
    /// </summary>
    private Attempt? Recover(RgbdPyramid pyramid, RigidTransform initial, Func<RigidTransform, ReadoutMotion>? readout)
    {
        var keyframe = references.NewestKeyframe ?? references.Last;
        if (keyframe is null) return null;
        Attempt? best = null;
        foreach (var start in new[] { keyframe.Pose.Inverse() * initial, RigidTransform.Identity })
            best = Better(best, AlignTo(keyframe, pyramid, start, readout));
        if (best!.Value.Result.Succeeded || lostStreak == 0) return best;
        Attempt? found = null;
        foreach (var other in RelocalisationCandidates(keyframe))
            found = Better(found, AlignTo(other, pyramid, RigidTransform.Identity, readout: null));  // far from the last frame
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

    private Attempt AlignTo(ReferenceFrame keyframe, RgbdPyramid pyramid, RigidTransform start, Func<RigidTransform, ReadoutMotion>? readout)
    {
        var result = odometry.Align(keyframe.Pyramid, pyramid, start, wideBasin: true, movingReadout: Relative(readout, keyframe.Pose));
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
