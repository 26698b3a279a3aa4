using NiceSlam.Core.Geometry;
using NiceSlam.Data.Trajectories;

namespace NiceSlam.Data.Evaluation;

/// <summary>A perturbed copy of a trajectory and what was done to it.</summary>
/// <param name="NoiseRms">RMS of the position noise actually added, sqrt(mean |nᵢ|²), metres.</param>
public sealed record PerturbationResult(Trajectory Trajectory, RigidTransform RigidMotion, double NoiseRms);

/// <summary>
/// The evaluation self-check: moves a trajectory by a random rigid transform (rotation of
/// <c>rotationDegrees</c> about a random axis, translation of <c>translationMetres</c> in a random direction) and
/// adds isotropic Gaussian noise of <c>noiseStd</c> metres per axis to every position (orientations are moved by
/// the rigid motion only). Deterministic for a seed. ATE(ground truth, perturbed) must then come out close to
/// <see cref="PerturbationResult.NoiseRms"/>: the alignment removes the rigid motion, not the noise.
/// </summary>
public static class TrajectoryPerturbation
{
    public static PerturbationResult Apply(Trajectory trajectory, double noiseStd, int seed,
        double rotationDegrees = 30, double translationMetres = 1)
    {
        if (!(noiseStd >= 0)) throw new ArgumentOutOfRangeException(nameof(noiseStd), "noise must be >= 0");
        var random = new Random(seed);
        var (ax, ay, az) = UnitVector(random);
        var (dx, dy, dz) = UnitVector(random);
        var motion = RigidTransform.FromAxisAngle(ax, ay, az, rotationDegrees * Math.PI / 180,
            dx * translationMetres, dy * translationMetres, dz * translationMetres);

        var poses = new List<StampedPose>(trajectory.Count);
        double sumSquares = 0;
        foreach (var (stamp, pose) in trajectory)
        {
            var moved = motion * pose;
            double nx = noiseStd * Gaussian(random), ny = noiseStd * Gaussian(random), nz = noiseStd * Gaussian(random);
            sumSquares += nx * nx + ny * ny + nz * nz;
            poses.Add(new StampedPose(stamp, new RigidTransform(moved.RotationRowMajor(), moved.Tx + nx, moved.Ty + ny, moved.Tz + nz)));
        }
        double rms = trajectory.Count == 0 ? 0 : Math.Sqrt(sumSquares / trajectory.Count);
        return new PerturbationResult(new Trajectory(poses), motion, rms);
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
