using NiceSlam.Core.Geometry;
using NiceSlam.Data.Evaluation;
using NiceSlam.Data.Trajectories;

namespace NiceSlam.Data.Tests.Evaluation;

public class TrajectoryErrorTests
{
    [Fact]
    public void Ate_of_a_rigidly_moved_copy_is_zero()
    {
        var gt = TestTrajectories.Helix(200);
        var moved = TestTrajectories.Transformed(gt, RigidTransform.FromAxisAngle(0.2, -1, 0.4, 2.0, 5, -3, 1));
        var ate = AbsoluteTrajectoryError.Compute(moved, gt);
        Assert.Equal(200, ate.Statistics.Count);
        Assert.True(ate.Statistics.Rmse < 1e-9, $"ATE {ate.Statistics.Rmse}");
    }

    [Fact]
    public void Ate_of_a_moved_and_noised_copy_matches_the_added_noise()
    {
        var gt = TestTrajectories.Helix(300);
        var perturbed = TrajectoryPerturbation.Apply(gt, noiseStd: 0.01, seed: 7);
        // sigma 1 cm per axis -> RMS of the 3-D noise about sqrt(3) cm.
        Assert.InRange(perturbed.NoiseRms, 0.0160, 0.0187);
        var ate = AbsoluteTrajectoryError.Compute(perturbed.Trajectory, gt);
        // The rigid alignment absorbs 6 of the 3N noise degrees of freedom, so the ATE comes out slightly below
        // the added RMS (about sqrt(1 - 6/900) = 0.997 of it); it may never exceed it by more than float noise.
        double ratio = ate.Statistics.Rmse / perturbed.NoiseRms;
        Assert.InRange(ratio, 0.97, 1.0 + 1e-9);
        // And the alignment found the rigid motion that was applied (up to the noise).
        var recovered = ate.Alignment.Transform * perturbed.RigidMotion;
        Assert.True(recovered.RotationAngle() < 0.01 && recovered.TranslationNorm() < 0.01, recovered.ToString());
    }

    [Fact]
    public void Perturbation_is_deterministic_for_a_seed()
    {
        var gt = TestTrajectories.Helix(20);
        var a = TrajectoryPerturbation.Apply(gt, 0.01, 3).Trajectory;
        var b = TrajectoryPerturbation.Apply(gt, 0.01, 3).Trajectory;
        var c = TrajectoryPerturbation.Apply(gt, 0.01, 4).Trajectory;
        Assert.Equal(a.Select(p => p.Pose), b.Select(p => p.Pose));
        Assert.NotEqual(a.Select(p => p.Pose), c.Select(p => p.Pose));
    }

    [Fact]
    public void Rpe_is_zero_for_identical_and_known_for_a_constant_extra_step()
    {
        var gt = TestTrajectories.Helix(100);
        var same = RelativePoseError.Compute(gt, gt);
        Assert.True(same.Translation.Max < 1e-12 && same.RotationDegrees.Max < 1e-6);

        // Each estimated step has an extra 2 cm along the camera's own x axis: RPE translation = 2 cm per step.
        var extra = RigidTransform.FromAxisAngle(0, 0, 1, 0, 0.02, 0, 0);
        var poses = new List<StampedPose> { gt[0] };
        for (int i = 1; i < gt.Count; i++)
        {
            var step = gt[i - 1].Pose.Inverse() * gt[i].Pose;
            poses.Add(new StampedPose(gt[i].Timestamp, poses[^1].Pose * extra * step));
        }
        var rpe = RelativePoseError.Compute(new Trajectory(poses), gt);
        Assert.Equal(99, rpe.Translation.Count);
        Assert.Equal(0.02, rpe.Translation.Rmse, 9);
        Assert.Equal(0.02, rpe.Translation.Min, 9);
        Assert.True(rpe.RotationDegrees.Max < 1e-6);
    }

    [Fact]
    public void Ate_with_scale_recovers_a_scaled_copy()
    {
        var gt = TestTrajectories.Helix(120);
        var motion = RigidTransform.FromAxisAngle(1, 1, 0, 0.7, 2, 0, -1);
        var scaled = new Trajectory(gt.Select(p => p with
        {
            Pose = motion * new RigidTransform(p.Pose.RotationRowMajor(), 2 * p.Pose.Tx, 2 * p.Pose.Ty, 2 * p.Pose.Tz),
        }));
        Assert.True(AbsoluteTrajectoryError.Compute(scaled, gt).Statistics.Rmse > 0.1, "a rigid alignment cannot absorb a scale");
        var ate = AbsoluteTrajectoryError.Compute(scaled, gt, withScale: true);
        Assert.Equal(0.5, ate.Alignment.Scale, 9);
        Assert.True(ate.Statistics.Rmse < 1e-9, $"ATE {ate.Statistics.Rmse}");
    }

    [Fact]
    public void Ate_statistics_and_per_pose_errors_are_consistent()
    {
        var gt = TestTrajectories.Helix(90);
        var ate = AbsoluteTrajectoryError.Compute(TrajectoryPerturbation.Apply(gt, 0.02, 9).Trajectory, gt);
        double[] e = ate.Errors.Select(x => x.Error).ToArray();
        var s = ate.Statistics;
        Assert.Equal(90, s.Count);
        Assert.Equal(Math.Sqrt(e.Average(x => x * x)), s.Rmse, 12);
        Assert.Equal(e.Average(), s.Mean, 12);
        Assert.Equal(e.Max(), s.Max);
        Assert.Equal(e.Min(), s.Min);
        Assert.Equal(e.Order().ElementAt(45) / 2 + e.Order().ElementAt(44) / 2, s.Median, 12);
        Assert.Equal(s.Rmse * s.Rmse, s.Mean * s.Mean + s.Std * s.Std, 12); // population std, as numpy's
        Assert.Equal(gt.Select(p => p.Timestamp), ate.Errors.Select(x => x.Timestamp));
        // The per-pose error is the distance between the aligned estimate and the matched ground truth.
        var a = ate.AlignedEstimate[10].Pose;
        var g = ate.MatchedGroundTruth[10].Pose;
        Assert.Equal(Math.Sqrt(Math.Pow(a.Tx - g.Tx, 2) + Math.Pow(a.Ty - g.Ty, 2) + Math.Pow(a.Tz - g.Tz, 2)), e[10], 12);
    }

    [Fact]
    public void Rotation_noise_leaves_ate_alone_and_shows_in_rpe()
    {
        var gt = TestTrajectories.Helix(300);
        var perturbed = TrajectoryPerturbation.Apply(gt, noiseStd: 0.01, seed: 21, rotationNoiseDegrees: 1);
        // 1° per axis -> RMS angle about sqrt(3)°.
        Assert.InRange(perturbed.RotationNoiseRmsDegrees, 1.6, 1.87);
        var ate = AbsoluteTrajectoryError.Compute(perturbed.Trajectory, gt);
        Assert.InRange(ate.Statistics.Rmse / perturbed.NoiseRms, 0.97, 1.0 + 1e-9);
        // Each RPE rotation error is about ω_{i+1} - ω_i (rotated): RMS sqrt(2) times the per-pose noise.
        var rpe = RelativePoseError.Compute(perturbed.Trajectory, gt);
        Assert.InRange(rpe.RotationDegrees.Rmse / (Math.Sqrt(2) * perturbed.RotationNoiseRmsDegrees), 0.9, 1.1);
        // Without rotation noise the orientations are exactly the rigidly moved ones.
        var clean = TrajectoryPerturbation.Apply(gt, 0.01, 21);
        Assert.Equal(0, clean.RotationNoiseRmsDegrees);
        Assert.True(RelativePoseError.Compute(clean.Trajectory, gt).RotationDegrees.Max < 1e-6);
    }

    [Fact]
    public void Rpe_by_time_equals_rpe_by_the_matching_frame_step_and_skips_gaps()
    {
        var gt = TestTrajectories.Helix(120); // 30 Hz
        var noisy = TrajectoryPerturbation.Apply(gt, 0.01, 5, rotationNoiseDegrees: 0.5).Trajectory;
        var byFrames = RelativePoseError.Compute(noisy, gt, delta: 3);
        var byTime = RelativePoseError.ComputeByTime(noisy, gt, deltaSeconds: 0.1);
        Assert.Equal(3, byFrames.Delta);
        Assert.Null(byFrames.DeltaSeconds);
        Assert.Equal(0.1, byTime.DeltaSeconds);
        Assert.Equal(byFrames.Translation, byTime.Translation);
        Assert.Equal(byFrames.RotationDegrees, byTime.RotationDegrees);

        // Drop frames 50..69 (a 0.7 s gap): steps that would land in it are skipped, not paired across it.
        var gapped = new Trajectory(noisy.Where((_, i) => i < 50 || i >= 70));
        var withGap = RelativePoseError.ComputeByTime(gapped, gt, 0.1);
        Assert.Equal(117 - 20 - 3, withGap.Translation.Count); // 117 steps, minus those starting at 47..49 or 50..69
        Assert.Throws<ArgumentException>(() => RelativePoseError.ComputeByTime(noisy, gt, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => RelativePoseError.ComputeByTime(noisy, gt, 0));
    }

    [Fact]
    public void Association_with_a_constant_offset_matches_within_the_window_only()
    {
        var gt = TestTrajectories.Helix(60); // 30 Hz: 33 ms apart
        var late = new Trajectory(gt.Select(p => p with { Timestamp = p.Timestamp + 0.015 }));
        var matched = TrajectoryAssociation.Associate(late, gt);
        Assert.Equal((60, 0, 0), (matched.Pairs.Count, matched.UnmatchedEstimates, matched.UnmatchedGroundTruth));
        Assert.All(matched.Pairs, p => Assert.Equal(0.015, p.Estimate.Timestamp - p.GroundTruth.Timestamp, 9));
        Assert.Empty(TrajectoryAssociation.Associate(late, gt, maxDifference: 0.01).Pairs);
        // An estimate that runs on past the ground truth: the extra poses are unmatched.
        var longer = new Trajectory(TestTrajectories.Helix(80));
        var partial = TrajectoryAssociation.Associate(longer, gt);
        Assert.Equal((60, 20, 0), (partial.Pairs.Count, partial.UnmatchedEstimates, partial.UnmatchedGroundTruth));
    }

    [Fact]
    public void Association_respects_the_max_difference_and_counts_unmatched()
    {
        // Ground truth at 10 Hz; estimates 5 ms late, every other one 30 ms late (beyond 20 ms: unmatched, and
        // still 70 ms from the next ground-truth pose).
        var gt = new Trajectory(TestTrajectories.Helix(50).Select((p, i) => p with { Timestamp = 1000 + 0.1 * i }));
        var estimate = new Trajectory(gt.Select((p, i) => p with { Timestamp = p.Timestamp + (i % 2 == 0 ? 0.005 : 0.030) }));
        var result = TrajectoryAssociation.Associate(estimate, gt);
        Assert.Equal(25, result.Pairs.Count);
        Assert.Equal(25, result.UnmatchedEstimates);
        Assert.Equal(25, result.UnmatchedGroundTruth);
        Assert.All(result.Pairs, p => Assert.Equal(0.005, p.Estimate.Timestamp - p.GroundTruth.Timestamp, 6));
    }

    [Fact]
    public void Association_prefers_the_closest_pair_and_uses_each_pose_once()
    {
        var pose = RigidTransform.Identity;
        var gt = new Trajectory([new(1.000, pose), new(1.010, pose)]);
        var est = new Trajectory([new(1.006, pose), new(1.009, pose)]);
        var pairs = TrajectoryAssociation.Associate(est, gt).Pairs;
        // 1.009-1.010 (1 ms) is taken first; 1.006 then gets the remaining 1.000 (6 ms).
        Assert.Equal([(1.006, 1.000), (1.009, 1.010)], pairs.Select(p => (p.Estimate.Timestamp, p.GroundTruth.Timestamp)));
    }

    [Fact]
    public void Too_few_matches_is_a_clear_error()
    {
        var gt = TestTrajectories.Helix(10);
        var far = new Trajectory(gt.Select(p => p with { Timestamp = p.Timestamp + 100 }));
        Assert.Contains("matched", Assert.Throws<ArgumentException>(() => AbsoluteTrajectoryError.Compute(far, gt)).Message);
    }

    [Fact]
    public void Report_round_trips_through_json()
    {
        var gt = TestTrajectories.Helix(60);
        var noisy = TrajectoryPerturbation.Apply(gt, 0.005, 1).Trajectory;
        var report = EvaluationReport.From(AbsoluteTrajectoryError.Compute(noisy, gt), RelativePoseError.Compute(noisy, gt));
        string json = report.ToJson();
        Assert.Contains("\"ateRmseCm\"", json);
        Assert.Contains("\n  ", json); // indented
        using (var doc = System.Text.Json.JsonDocument.Parse(json))
        {
            var root = doc.RootElement;
            Assert.Equal(report.AteRmseCm, root.GetProperty("ateRmseCm").GetDouble());
            Assert.Equal(60, root.GetProperty("matchedPoses").GetInt32());
            Assert.Equal(report.AteMetres.Median, root.GetProperty("ateMetres").GetProperty("median").GetDouble());
            Assert.Equal(report.Rpe!.RotationDegrees.Rmse, root.GetProperty("rpe").GetProperty("rotationDegrees").GetProperty("rmse").GetDouble());
        }
        var back = EvaluationReport.FromJson(json);
        Assert.Equal(report.AteRmseCm, back.AteRmseCm);
        Assert.Equal(report.AteMetres, back.AteMetres);
        Assert.Equal(report.Rpe!.Translation, back.Rpe!.Translation);
    }
}
