using NiceSlam.Core.Geometry;
using NiceSlam.Data.Trajectories;

namespace NiceSlam.Data.Synthetic;

/// <summary>How the synthetic camera moves.</summary>
public enum SyntheticMotion
{
    /// <summary>The gentle orbit: 30°/s round the ellipse, looking at a point near the room's centre (about 1° and
    /// 2.5 cm a frame at 30 fps).</summary>
    Orbit,

    /// <summary>Fast motion: the same ellipse at about 1 m/s while the camera turns at 90°/s about the vertical,
    /// looking 10° down with a small pitch and roll wobble (3° and about 3.3 cm a frame at 30 fps): a hand-held
    /// sweep of the room.</summary>
    Fast,

    /// <summary>A walk through a suite of rooms (<see cref="SyntheticScene.CreateSuite"/>): along the rooms' row
    /// through the doorways and back (at most 0.6 m/s), turning ±90° from +x at most 57°/s: leaves the first room,
    /// so the map must grow.</summary>
    Tour,
}

/// <summary>
/// The camera paths of the synthetic sequences. <see cref="SyntheticMotion.Orbit"/> (default): an ellipse
/// (1.8 x 1.4 m) around the room's centre at 1.4 m ± 12 cm height, looking at a target that wanders gently around
/// (0, 0, 0.8) m, with a small roll; the orbit advances 30 degrees a second (1 degree and about 2.5 cm a frame at
/// 30 fps). <see cref="SyntheticMotion.Fast"/>: the same ellipse at about 1 m/s, turning at 90°/s. Poses are
/// camera-to-world in the optical frame (x right, y down, z forward) of a world with z up.
/// </summary>
public sealed class SyntheticTrajectory
{
    /// <summary>Orbit rate, radians a second.</summary>
    public const double AngularSpeed = Math.PI / 6;

    /// <summary>Fast motion: orbit rate (about 1 m/s on the ellipse, whose radius is 1.4-1.8 m) and turn rate
    /// (90°/s), radians a second.</summary>
    public const double FastOrbitSpeed = 1 / 1.6, FastTurnRate = Math.PI / 2;

    public SyntheticTrajectory(int frameCount, double fps = 30, double startAngle = -Math.PI / 2, SyntheticMotion motion = SyntheticMotion.Orbit,
        int rooms = 1)
    {
        if (rooms < 1) throw new ArgumentOutOfRangeException(nameof(rooms), "at least one room");
        Rooms = rooms;
        if (frameCount <= 0) throw new ArgumentOutOfRangeException(nameof(frameCount), "frame count must be positive");
        if (!(fps > 0) || !double.IsFinite(fps)) throw new ArgumentOutOfRangeException(nameof(fps), "frame rate must be positive");
        FrameCount = frameCount;
        Fps = fps;
        StartAngle = startAngle;
        Motion = motion;
    }

    public SyntheticMotion Motion { get; }

    /// <summary>Rooms of the suite the tour walks through (1 for the other motions).</summary>
    public int Rooms { get; }

    /// <summary>Tour: the largest walking speed, m/s.</summary>
    public const double TourSpeed = 0.6;

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
        if (Motion == SyntheticMotion.Fast) return FastPoseAt(t);
        if (Motion == SyntheticMotion.Tour) return TourPoseAt(t);
        double angle = StartAngle + AngularSpeed * t;
        var eye = new Vec3(1.8 * Math.Cos(angle), 1.4 * Math.Sin(angle), 1.4 + 0.12 * Math.Sin(2 * Math.PI * t / 5));
        var target = new Vec3(0.25 * Math.Sin(2 * Math.PI * t / 7), 0.25 * Math.Cos(2 * Math.PI * t / 9), 0.8 + 0.15 * Math.Sin(2 * Math.PI * t / 6));
        double roll = 3 * Math.PI / 180 * Math.Sin(2 * Math.PI * t / 8);
        return LookAt(eye, target, roll);
    }

    private RigidTransform FastPoseAt(double t)
    {
        double angle = StartAngle + FastOrbitSpeed * t;
        var eye = new Vec3(1.8 * Math.Cos(angle), 1.4 * Math.Sin(angle), 1.4 + 0.1 * Math.Sin(2 * Math.PI * t / 3));
        // Heading starts towards the room's centre and turns at 90°/s; pitch 10° down, wobbling ±5°.
        double heading = StartAngle + Math.PI + FastTurnRate * t;
        double pitch = -10 * Math.PI / 180 + 5 * Math.PI / 180 * Math.Sin(2 * Math.PI * t / 2.5);
        var forward = new Vec3(Math.Cos(pitch) * Math.Cos(heading), Math.Cos(pitch) * Math.Sin(heading), Math.Sin(pitch));
        double roll = 4 * Math.PI / 180 * Math.Sin(2 * Math.PI * t / 2);
        return LookAt(eye, eye + forward, roll);
    }

    /// <summary>From 1.5 m into the first room to 1.5 m into the last and back, a cosine in time along x (so the
    /// speed is smooth, at most <see cref="TourSpeed"/>), weaving through the doorways (y = 0.9 cos(π (x - 3) / 6):
    /// each doorway's centre at its partition, the rooms' axis at their centres), 1.4 ± 0.1 m high; the heading sweeps
    /// ±90° about +x with a 10 s period starting at +90° (the first view is of a side wall, not through a doorway),
    /// looking 12° ± 6° down, rolling ±3°.</summary>
    private RigidTransform TourPoseAt(double t)
    {
        double start = SyntheticScene.DefaultRoom.Min.X + 1.5, end = SyntheticScene.DefaultRoom.Max.X + (Rooms - 1) * SyntheticScene.SuiteRoomLength - 1.5;
        double half = (end - start) / 2, period = 2 * Math.PI * half / TourSpeed;
        double x = start + half * (1 - Math.Cos(2 * Math.PI * t / period));
        double doorway = SyntheticScene.DefaultRoom.Max.X;
        var eye = new Vec3(x, SyntheticScene.DoorOffset * Math.Cos(Math.PI * (x - doorway) / SyntheticScene.SuiteRoomLength), 1.4 + 0.1 * Math.Sin(2 * Math.PI * t / 5));
        double heading = Math.PI / 2 * Math.Cos(2 * Math.PI * t / 10);
        double pitch = -12 * Math.PI / 180 + 6 * Math.PI / 180 * Math.Sin(2 * Math.PI * t / 4);
        var forward = new Vec3(Math.Cos(pitch) * Math.Cos(heading), Math.Cos(pitch) * Math.Sin(heading), Math.Sin(pitch));
        return LookAt(eye, eye + forward, 3 * Math.PI / 180 * Math.Sin(2 * Math.PI * t / 6));
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
