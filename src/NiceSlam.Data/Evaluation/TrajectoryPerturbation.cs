using NiceSlam.Core.Geometry;
using NiceSlam.Data.Trajectories;

namespace NiceSlam.Data.Evaluation;

/// <summary>A perturbed copy of a trajectory and what was done to it.</summary>
/// <param name="Trajectory">The perturbed copy (same timestamps).</param>
/// <param name="RigidMotion">The rigid transform applied to every pose (on the world side: P' = M P).</param>
/// <param name="NoiseRms">RMS of the position noise actually added, sqrt(mean |nᵢ|²), metres.</param>
/// <param name="RotationNoiseRmsDegrees">RMS angle of the rotation noise actually added, degrees (0 without it).</param>
public sealed record PerturbationResult(Trajectory Trajectory, RigidTransform RigidMotion, double NoiseRms, double RotationNoiseRmsDegrees = 0);

/// <summary>
/// The evaluation self-check: moves a trajectory by a random rigid transform (rotation of
/// <c>rotationDegrees</c> about a random axis, translation of <c>translationMetres</c> in a random direction) and
/// adds isotropic Gaussian noise of <c>noiseStd</c> metres per axis to every position. Orientations are moved by
/// the rigid motion only, unless <c>rotationNoiseDegrees</c> &gt; 0: then each orientation is also turned by a
/// small rotation whose rotation vector (in the camera frame, P' = M P Exp(ω)) has Gaussian components of that std
/// per axis; the position noise is unaffected by it. Deterministic for a seed (System.Random, Box-Muller), and
/// without rotation noise the draws, so the output, are the same as with it off.
/// ATE(ground truth, perturbed) must then come out close to <see cref="PerturbationResult.NoiseRms"/> (slightly
/// below: the alignment removes the rigid motion, and absorbs 6 of the 3N noise degrees of freedom with it).
/// </summary>
public static class TrajectoryPerturbation
{
    public static PerturbationResult Apply(Trajectory trajectory, double noiseStd, int seed,
        double rotationDegrees = 30, double translationMetres = 1, double rotationNoiseDegrees = 0)
    {
        if (!(noiseStd >= 0)) throw new ArgumentOutOfRangeException(nameof(noiseStd), "noise must be >= 0");
        if (!(rotationNoiseDegrees >= 0)) throw new ArgumentOutOfRangeException(nameof(rotationNoiseDegrees), "rotation noise must be >= 0");
        double rotationSigma = rotationNoiseDegrees * Math.PI / 180;
        var random = new Random(seed);
        var (ax, ay, az) = UnitVector(random);
        var (dx, dy, dz) = UnitVector(random);
        var motion = RigidTransform.FromAxisAngle(ax, ay, az, rotationDegrees * Math.PI / 180,
            dx * translationMetres, dy * translationMetres, dz * translationMetres);

        var poses = new List<StampedPose>(trajectory.Count);
        double sumSquares = 0, rotationSumSquares = 0;
        foreach (var (stamp, pose) in trajectory)
        {
            var moved = motion * pose;
            double nx = noiseStd * Gaussian(random), ny = noiseStd * Gaussian(random), nz = noiseStd * Gaussian(random);
            sumSquares += nx * nx + ny * ny + nz * nz;
            if (rotationSigma > 0)
            {
                double wx = rotationSigma * Gaussian(random), wy = rotationSigma * Gaussian(random), wz = rotationSigma * Gaussian(random);
                double angle = Math.Sqrt(wx * wx + wy * wy + wz * wz);
                rotationSumSquares += angle * angle;
                moved = moved * RigidTransform.FromAxisAngle(wx, wy, wz, angle);
            }
            poses.Add(new StampedPose(stamp, new RigidTransform(moved.RotationRowMajor(), moved.Tx + nx, moved.Ty + ny, moved.Tz + nz)));
        }
        double rms = trajectory.Count == 0 ? 0 : Math.Sqrt(sumSquares / trajectory.Count);
        double rotationRms = trajectory.Count == 0 ? 0 : Math.Sqrt(rotationSumSquares / trajectory.Count) * 180 / Math.PI;
        return new PerturbationResult(new Trajectory(poses), motion, rms, rotationRms);
    }

    private static (double, double, double) UnitVector(Random random)
    {
        double x = Gaussian(random), y = Gaussian(random), z = Gaussian(random);
        double n = Math.Sqrt(x * x + y * y + z * z);
        return n < 1e-12 ? (0, 0, 1) : (x / n, y / n, z / n);
    }

    /// <summary>Standard normal sample (Box-Muller).</summary>
    private static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble(); // (0, 1]
        double u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
