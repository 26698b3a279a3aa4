using NiceSlam.Core.Geometry;
using NiceSlam.Data.Trajectories;

namespace NiceSlam.Data.Synthetic;

/// <summary>
/// The smooth camera path of the synthetic sequences: an ellipse (1.8 x 1.4 m) around the room's centre at
/// 1.4 m ± 12 cm height, looking at a target that wanders gently around (0, 0, 0.8) m, with a small roll. The orbit
/// advances 30 degrees a second (1 degree and about 2.5 cm a frame at 30 fps). Poses are camera-to-world in the
/// optical frame (x right, y down, z forward) of a world with z up.
/// </summary>
public sealed class SyntheticTrajectory
{
    /// <summary>Orbit rate, radians a second.</summary>
    public const double AngularSpeed = Math.PI / 6;

    public SyntheticTrajectory(int frameCount, double fps = 30, double startAngle = -Math.PI / 2)
    {
        if (frameCount <= 0) throw new ArgumentOutOfRangeException(nameof(frameCount), "frame count must be positive");
        if (!(fps > 0) || !double.IsFinite(fps)) throw new ArgumentOutOfRangeException(nameof(fps), "frame rate must be positive");
        FrameCount = frameCount;
        Fps = fps;
        StartAngle = startAngle;
    }

    public int FrameCount { get; }
    public double Fps { get; }

    /// <summary>Orbit angle (radians about z from +x) at time 0.</summary>
    public double StartAngle { get; }

    /// <summary>Timestamp of frame <paramref name="index"/>: index / fps, rounded to microseconds (the precision of
    /// TUM stamps) so that a written and re-read sequence has the same times.</summary>
    public double TimeOf(int index) => Math.Round(index / Fps, 6);

    /// <summary>Camera-to-world pose of frame <paramref name="index"/>.</summary>
    public RigidTransform PoseOf(int index)
    {
        if (index < 0 || index >= FrameCount) throw new ArgumentOutOfRangeException(nameof(index), $"frame {index} outside 0..{FrameCount - 1}");
        return PoseAt(TimeOf(index));
    }

    /// <summary>Camera-to-world pose at time <paramref name="t"/> seconds (defined for any t).</summary>
    public RigidTransform PoseAt(double t)
    {
        double angle = StartAngle + AngularSpeed * t;
        var eye = new Vec3(1.8 * Math.Cos(angle), 1.4 * Math.Sin(angle), 1.4 + 0.12 * Math.Sin(2 * Math.PI * t / 5));
        var target = new Vec3(0.25 * Math.Sin(2 * Math.PI * t / 7), 0.25 * Math.Cos(2 * Math.PI * t / 9), 0.8 + 0.15 * Math.Sin(2 * Math.PI * t / 6));
        double roll = 3 * Math.PI / 180 * Math.Sin(2 * Math.PI * t / 8);
        return LookAt(eye, target, roll);
    }

    /// <summary>All frames' poses with their timestamps.</summary>
    public Trajectory ToTrajectory() => new(Enumerable.Range(0, FrameCount).Select(i => new StampedPose(TimeOf(i), PoseOf(i))));

    /// <summary>
    /// Camera-to-world pose of a camera at <paramref name="eye"/> looking at <paramref name="target"/> with the
    /// world's z axis up, rolled by <paramref name="roll"/> radians about the viewing direction (positive turns the
    /// image's x axis towards its y axis). The rotation's columns are the optical axes in world coordinates:
    /// x = right = forward × up, y = down = forward × right, z = forward.
    /// </summary>
    public static RigidTransform LookAt(Vec3 eye, Vec3 target, double roll = 0)
    {
        var forward = (target - eye).Normalized();
        var side = forward.Cross(Vec3.UnitZ);
        if (side.Length < 1e-9) throw new ArgumentException("looking straight up or down: the image's horizontal axis is undefined");
        var right = side.Normalized();
        var down = forward.Cross(right);
        double c = Math.Cos(roll), s = Math.Sin(roll);
        var x = c * right + s * down;
        var y = c * down - s * right;
        return new RigidTransform(
        [
            x.X, y.X, forward.X,
            x.Y, y.Y, forward.Y,
            x.Z, y.Z, forward.Z,
        ], eye.X, eye.Y, eye.Z);
    }
}
