using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Data.Checks;
using NiceSlam.Data.Synthetic;

namespace NiceSlam.Data.Tests.Synthetic;

public class SyntheticSequenceTests
{
    private static SyntheticSequence Small(int frames = 4, double noise = 0, double holes = 0, bool moving = false, int seed = 1) =>
        new(new SyntheticSequenceOptions
        {
            Width = 80, Height = 60, FrameCount = frames, DepthNoiseStd = noise, HoleFraction = holes, MovingObject = moving, Seed = seed,
        });

    [Fact]
    public void Synthetic_sequence_describes_itself()
    {
        var sequence = new SyntheticSequence();
        Assert.Equal("synthetic", sequence.Name);
        Assert.Equal(SyntheticSequenceOptions.DefaultFrameCount, sequence.Count);
        Assert.True(sequence.HasGroundTruth);
        Assert.Equal(160, sequence.Intrinsics.Width);
        Assert.Equal(120, sequence.Intrinsics.Height);
        Assert.False(sequence.Intrinsics.HasDistortion);
        double hfov = 2 * Math.Atan(sequence.Intrinsics.Width / 2.0 / sequence.Intrinsics.Fx) * 180 / Math.PI;
        Assert.InRange(hfov, 60, 70);
        Assert.Equal(sequence.Intrinsics.Fx, sequence.Intrinsics.Fy);
        Assert.Equal(SyntheticScene.DefaultRoom, sequence.SceneBounds);
        Assert.Equal(1 / 30.0, sequence.ReadFrame(1).Timestamp, 6);
        Assert.Throws<ArgumentOutOfRangeException>(() => sequence.ReadFrame(60));
        Assert.Throws<ArgumentException>(() => new SyntheticSequence(new SyntheticSequenceOptions { HoleFraction = 1 }));
    }

    [Fact]
    public void Synthetic_frames_are_textured_and_have_finite_positive_depth_inside_the_room()
    {
        var sequence = Small(frames: 30);
        var room = sequence.SceneBounds;
        double diagonal = room.Size.Length;
        foreach (int i in new[] { 0, 15, 29 })
        {
            var frame = sequence.ReadFrame(i);
            Assert.All(frame.Depth, d => Assert.True(float.IsFinite(d) && d > 0.2 && d < diagonal, $"depth {d}"));
            // Every back-projected point lies inside the room.
            var pose = frame.GroundTruthPose!.Value;
            var k = frame.Intrinsics;
            for (int p = 0; p < frame.Depth.Length; p += 7)
            {
                double z = frame.Depth[p];
                var (x, y, w) = pose.Apply((p % k.Width - k.Cx) / k.Fx * z, (p / k.Width - k.Cy) / k.Fy * z, z);
                Assert.True(room.Contains(new Vec3(x, y, w), -1e-4), $"point ({x}, {y}, {w}) outside the room");
            }
            for (int c = 0; c < 3; c++)
            {
                double[] channel = Enumerable.Range(0, frame.Depth.Length).Select(p => (double)frame.Rgb[3 * p + c]).ToArray();
                double mean = channel.Average();
                double variance = channel.Select(v => (v - mean) * (v - mean)).Average();
                Assert.True(variance > 400, $"frame {i} channel {c}: variance {variance:0} is too flat for photometric tracking");
            }
            // Horizontal gradients exist nearly everywhere, not only at a few edges.
            int textured = 0, total = 0;
            for (int p = 0; p < frame.Depth.Length; p++)
            {
                if (p % k.Width == k.Width - 1) continue;
                total++;
                int g = Math.Abs(Gray(frame, p + 1) - Gray(frame, p));
                if (g >= 2) textured++;
            }
            Assert.True(textured > 0.3 * total, $"frame {i}: only {textured} of {total} pixels have a gradient");
        }
    }

    private static int Gray(RgbdFrame f, int p) => f.Rgb[3 * p] + f.Rgb[3 * p + 1] + f.Rgb[3 * p + 2];

    [Theory]
    [InlineData(0, 1)]
    [InlineData(10, 11)]
    [InlineData(3, 12)]
    public void Synthetic_ground_truth_poses_reproject_depth_consistently(int a, int b)
    {
        var sequence = Small(frames: 13);
        var fa = sequence.ReadFrame(a);
        var fb = sequence.ReadFrame(b);
        var good = Reproject(fa, fb, fa.GroundTruthPose!.Value, fb.GroundTruthPose!.Value);
        Assert.True(good.Count > 0.6 * fa.Depth.Length, $"overlap {good.Count}");
        double median = Median(good);
        Assert.True(median < 1e-3, $"median residual {median * 1000:0.###} mm");

        // The data check of the project agrees (nearest pixel, so a looser bound).
        var check = DepthReprojectionCheck.Compare(fa, fb);
        Assert.True(check.InlierFraction > 0.9, $"inliers {check.InlierFraction:P1}");

        // Negative control: the inverse poses (world-to-camera read as camera-to-world) do not fit.
        var wrong = Reproject(fa, fb, fa.GroundTruthPose!.Value.Inverse(), fb.GroundTruthPose!.Value.Inverse());
        Assert.True(wrong.Count < 0.3 * fa.Depth.Length || Median(wrong) > 5e-3,
            $"inverted poses fit as well ({wrong.Count} points, median {Median(wrong) * 1000:0.###} mm): the test cannot see the convention");
    }

    /// <summary>Residuals |z predicted - z observed| of frame a's points seen in frame b, where b's depth is read by
    /// bilinear interpolation of inverse depth (exact on planes) with all four neighbours valid.</summary>
    private static List<double> Reproject(RgbdFrame a, RgbdFrame b, RigidTransform poseA, RigidTransform poseB)
    {
        var k = a.Intrinsics;
        var aToB = poseB.Inverse() * poseA;
        var residuals = new List<double>();
        for (int p = 0; p < a.Depth.Length; p++)
        {
            double z = a.Depth[p];
            if (!(z > 0)) continue;
            var (x, y, w) = aToB.Apply((p % k.Width - k.Cx) / k.Fx * z, (p / k.Width - k.Cy) / k.Fy * z, z);
            if (!(w > 0)) continue;
            double u = k.Fx * x / w + k.Cx, v = k.Fy * y / w + k.Cy;
            int u0 = (int)Math.Floor(u), v0 = (int)Math.Floor(v);
            if (u0 < 0 || v0 < 0 || u0 + 1 >= k.Width || v0 + 1 >= k.Height) continue;
            double d00 = b.Depth[v0 * k.Width + u0], d01 = b.Depth[v0 * k.Width + u0 + 1];
            double d10 = b.Depth[(v0 + 1) * k.Width + u0], d11 = b.Depth[(v0 + 1) * k.Width + u0 + 1];
            if (!(d00 > 0 && d01 > 0 && d10 > 0 && d11 > 0)) continue;
            double fu = u - u0, fv = v - v0;
            double inverse = (1 - fv) * ((1 - fu) / d00 + fu / d01) + fv * ((1 - fu) / d10 + fu / d11);
            residuals.Add(Math.Abs(w - 1 / inverse));
        }
        return residuals;
    }

    private static double Median(List<double> values)
    {
        if (values.Count == 0) return double.PositiveInfinity;
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    [Fact]
    public void Synthetic_frames_are_deterministic_and_independent_of_read_order()
    {
        var first = Small(noise: 0.01, holes: 0.1, moving: true);
        var second = Small(noise: 0.01, holes: 0.1, moving: true);
        var forward = Enumerable.Range(0, 4).Select(first.ReadFrame).ToArray();
        var backward = Enumerable.Range(0, 4).Reverse().Select(second.ReadFrame).Reverse().ToArray();
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(forward[i].Rgb, backward[i].Rgb);
            Assert.Equal(forward[i].Depth, backward[i].Depth);
            Assert.Equal(forward[i].Timestamp, backward[i].Timestamp);
            Assert.Equal(forward[i].GroundTruthPose, backward[i].GroundTruthPose);
        }
        Assert.Equal(forward[2].Depth, first.ReadFrame(2).Depth); // re-reading gives the same frame

        var other = Small(noise: 0.01, holes: 0.1, moving: true, seed: 2).ReadFrame(0);
        Assert.NotEqual(forward[0].Depth, other.Depth);
        Assert.Equal(forward[0].Rgb, other.Rgb); // the seed only drives sensor effects
        // Different frames of one sequence use different noise, not the same pattern.
        var n0 = Noise(first, 0);
        var n1 = Noise(first, 1);
        Assert.NotEqual(n0.Take(100), n1.Take(100));
    }

    private static double[] Noise(SyntheticSequence s, int i)
    {
        var noisy = s.ReadFrame(i).Depth;
        var exact = s.RenderExact(i).Depth;
        return noisy.Select((d, p) => d > 0 ? (d - (double)exact[p]) / (exact[p] * exact[p]) : 0).ToArray();
    }

    [Fact]
    public void Synthetic_depth_noise_has_the_requested_depth_squared_level()
    {
        const double sigma = 0.01;
        var sequence = Small(noise: sigma);
        var frame = sequence.ReadFrame(1);
        var exact = sequence.RenderExact(1).Depth;
        double sum = 0, sumSq = 0, expected = 0;
        int n = 0;
        for (int p = 0; p < exact.Length; p++)
        {
            double e = exact[p], diff = frame.Depth[p] - e;
            sum += diff;
            sumSq += diff * diff;
            expected += sigma * sigma * e * e * e * e;
            n++;
        }
        double std = Math.Sqrt(sumSq / n - sum / n * (sum / n));
        double expectedStd = Math.Sqrt(expected / n);
        Assert.InRange(std, 0.8 * expectedStd, 1.2 * expectedStd);
        Assert.InRange(Math.Abs(sum / n), 0, 0.2 * expectedStd); // unbiased
        Assert.All(frame.Depth, d => Assert.True(d > 0));          // no holes asked for
    }

    [Fact]
    public void Synthetic_holes_have_the_requested_fraction_and_come_in_blobs()
    {
        var sequence = Small(holes: 0.15);
        var frame = sequence.ReadFrame(2);
        var exact = sequence.RenderExact(2).Depth;
        int holes = frame.Depth.Count(d => d == 0);
        Assert.InRange(holes / (double)frame.Depth.Length, 0.14, 0.16);
        for (int p = 0; p < exact.Length; p++)
            if (frame.Depth[p] != 0) Assert.Equal(exact[p], frame.Depth[p]); // no noise asked for
        // Clustering: a hole's right neighbour is far more often a hole than the 15% of independent pixels.
        int w = frame.Width, pairs = 0, both = 0;
        for (int p = 0; p < frame.Depth.Length; p++)
            if (frame.Depth[p] == 0 && p % w != w - 1) { pairs++; if (frame.Depth[p + 1] == 0) both++; }
        Assert.True(both > 0.4 * pairs, $"{both} of {pairs} holes continue to the right");
        Assert.All(Small().ReadFrame(2).Depth, d => Assert.True(d > 0));
    }

    [Fact]
    public void Synthetic_moving_object_differs_from_the_static_scene_only_where_it_is()
    {
        var moving = Small(frames: 30, moving: true);
        var still = Small(frames: 30);
        int movingId = moving.Scene.MovingObjectId!.Value;
        int seen = 0;
        foreach (int i in new[] { 0, 14, 29 })
        {
            var withObject = moving.RenderExact(i);
            var without = still.RenderExact(i);
            for (int p = 0; p < withObject.Depth.Length; p++)
            {
                if (withObject.PrimitiveIds[p] == movingId)
                {
                    seen++;
                    Assert.True(withObject.Depth[p] < without.Depth[p], "the object is in front of what it hides");
                }
                else
                {
                    Assert.Equal(without.Depth[p], withObject.Depth[p]);
                    Assert.Equal(without.Rgb[3 * p], withObject.Rgb[3 * p]);
                }
            }
        }
        Assert.True(seen > 100, $"the moving object covers only {seen} pixels in 3 frames");
    }
}
