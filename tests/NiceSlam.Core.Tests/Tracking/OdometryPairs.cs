using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Tracking;
using NiceSlam.Data.Synthetic;
using static TorchSharp.torch;

namespace NiceSlam.Core.Tests.Tracking;

/// <summary>Synthetic RGB-D frame pairs with exact poses for the odometry tests: the synthetic room rendered at
/// small sizes from chosen poses.</summary>
internal static class OdometryPairs
{
    public static CameraIntrinsics Camera(int width = 160, int height = 120)
    {
        double f = width / 2.0 / Math.Tan(65 * Math.PI / 360);
        return new CameraIntrinsics(width, height, f, f, (width - 1) / 2.0, (height - 1) / 2.0);
    }

    /// <summary>A camera pose of the synthetic sequence (its trajectory at 30 fps).</summary>
    public static RigidTransform PoseOnPath(int frame) => new SyntheticTrajectory(frame + 1).PoseOf(frame);

    /// <summary>The room seen from <paramref name="pose"/>; optionally with a share of depth holes (seeded) and the
    /// moving sphere at time <paramref name="time"/>.</summary>
    public static FrameTensors Render(RigidTransform pose, CameraIntrinsics k, int index = 0, double holes = 0, bool moving = false, double time = 0, int seed = 1)
    {
        var scene = SyntheticScene.CreateDefault(moving);
        var view = scene.Render(k, pose, time);
        var depth = (float[])view.Depth.Clone();
        if (holes > 0)
        {
            var random = new Random(seed);
            // Blobs (3 x 3) and single pixels until the share is reached.
            int target = (int)(holes * depth.Length), made = 0;
            while (made < target)
            {
                int u = random.Next(k.Width), v = random.Next(k.Height), r = random.Next(2) == 0 ? 0 : 1;
                for (int dv = -r; dv <= r; dv++)
                    for (int du = -r; du <= r; du++)
                    {
                        int x = u + du, y = v + dv;
                        if (x < 0 || y < 0 || x >= k.Width || y >= k.Height) continue;
                        int i = y * k.Width + x;
                        if (depth[i] > 0 && made < target) { depth[i] = 0; made++; }
                    }
            }
        }
        return new FrameTensors(new RgbdFrame(index, time, view.Rgb, depth, k, pose), CPU);
    }

    /// <summary>The room as a rolling-shutter camera sees it: row v exposed at ρ(v) t_ro from the middle row, with
    /// the camera at <paramref name="pose"/> exp(ξ ρ t_ro) (ξ its body velocity, <paramref name="velocity"/> (v, ω) per
    /// second), each row cut from a render at its own pose.</summary>
    public static FrameTensors RenderRollingShutter(RigidTransform pose, double[] velocity, double readout, CameraIntrinsics k, int index = 0, double time = 0)
    {
        var scene = SyntheticScene.CreateDefault();
        var depth = new float[k.Width * k.Height];
        var rgb = new byte[k.Width * k.Height * 3];
        for (int v = 0; v < k.Height; v++)
        {
            double s = ReadoutMotion.RowPosition(v, k.Height) * readout;
            var rowPose = pose * Se3.Exp([.. velocity.Select(x => x * s)]);
            var view = scene.Render(k, rowPose);
            Array.Copy(view.Depth, v * k.Width, depth, v * k.Width, k.Width);
            Array.Copy(view.Rgb, v * k.Width * 3, rgb, v * k.Width * 3, k.Width * 3);
        }
        return new FrameTensors(new RgbdFrame(index, time, rgb, depth, k, pose), CPU);
    }

    /// <summary>Translation (metres) and rotation (degrees) of a − b.</summary>
    public static (double Metres, double Degrees) Error(RigidTransform a, RigidTransform b)
    {
        var d = b.Inverse() * a;
        return (d.TranslationNorm(), d.RotationAngle() * 180 / Math.PI);
    }

    /// <summary>A camera at the origin looking along world +y (image y down = world −z) at a wall 2 m ahead.</summary>
    public static RigidTransform FacingTheWall { get; } = new([1, 0, 0, 0, 0, 1, 0, -1, 0], 0, 0, 0);

    /// <summary>A wall 2 m ahead of <see cref="FacingTheWall"/> with vertical stripes (colour varies along world x
    /// only): sliding the camera along its y axis changes neither image, every other direction is constrained.</summary>
    public static RgbdFrame StripedWall(int index, RigidTransform cameraToWorld, CameraIntrinsics k)
    {
        var wall = new PlanePrimitive("striped wall", new Vec3(0, -1, 0), -2.0,
            ProceduralTexture.Stripes(new(0.15, 0.30, 0.70), new(0.95, 0.85, 0.30), 0.5, Vec3.UnitX));
        var scene = new SyntheticScene(new SceneBounds(new Vec3(-6, -1, -6), new Vec3(6, 2, 6)), [wall]);
        var view = scene.Render(k, cameraToWorld);
        return new RgbdFrame(index, index / 30.0, view.Rgb, view.Depth, k, cameraToWorld);
    }
}
