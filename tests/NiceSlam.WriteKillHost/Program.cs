using NiceSlam.Bags;
using NiceSlam.Bags.Mcap;
using NiceSlam.Bags.Sqlite;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Map;
using NiceSlam.Core.Slam;
using NiceSlam.Data.Maps;
using NiceSlam.Data.Trajectories;
using NiceSlam.Messages.GeometryMsgs;
using NiceSlam.Messages.NavMsgs;
using NiceSlam.Messages.StdMsgs;
using Path = System.IO.Path;

// Writes, in a loop until killed, into the folder given as the only argument:
//   mcap/, db3/       output bags (an Odometry message a write, pose.x = its sequence number), every message
//                     written out at once (chunk interval / transaction age zero) so that a completed write is durable;
//   trajectory.txt    rewritten each iteration with 5 more poses (tx = the pose's index);
//   map.nslam         saved each iteration (LastTimestamp = the iteration);
// and prints "done <iteration> <messages>" after each iteration (after its first: also "ready").
if (args.Length != 1) { Console.Error.WriteLine("usage: NiceSlam.WriteKillHost <folder>"); return 1; }
string folder = args[0];
const int MessagesPerIteration = 20, PosesPerIteration = 5;

using var mcap = new MessageBagWriter(new McapWriter(Path.Combine(folder, "mcap", "mcap_0.mcap"), McapCompression.Zstd, chunkInterval: TimeSpan.Zero));
using var db3 = new MessageBagWriter(new Db3BagWriter(Path.Combine(folder, "db3", "db3_0.db3"), maxTransactionAge: TimeSpan.Zero));
var trajectory = new List<StampedPose>();
var state = LargeState();
long sequence = 0;
for (int iteration = 0; ; iteration++)
{
    for (int m = 0; m < MessagesPerIteration; m++, sequence++)
    {
        var stamp = Time.FromNanoseconds(1_000_000_000 + sequence * 1_000_000);
        var odometry = new Odometry { Header = new Header(stamp, "map"), ChildFrameId = "camera", Pose = new PoseWithCovariance { Pose = new Pose(new Point(sequence, 0, 0), Quaternion.Identity) } };
        mcap.Write("/nice_slam/odometry", stamp, odometry);
        db3.Write("/nice_slam/odometry", stamp, odometry);
    }
    for (int p = 0; p < PosesPerIteration; p++)
        trajectory.Add(new StampedPose(trajectory.Count * 0.1, new RigidTransform([1, 0, 0, 0, 1, 0, 0, 0, 1], trajectory.Count, 0, 0)));
    TumTrajectoryFile.Write(Path.Combine(folder, "trajectory.txt"), trajectory);
    MapFile.Save(state with { LastTimestamp = iteration }, Path.Combine(folder, "map.nslam"));
    Console.WriteLine($"done {iteration} {sequence}");
    if (iteration == 0) Console.WriteLine("ready");
    Console.Out.Flush();
}

// A map of a 4 x 4 x 3 m room with 32-channel grids (about 4 MB on disk): a save takes long enough to be killed in.
static SlamState LargeState()
{
    var bounds = new Bounds3(-2, -2, 0, 2, 2, 3);
    GridState Grid(Bounds3 b, double voxel)
    {
        long[] shape = FeatureGrid.ShapeFor(b, voxel, 32);
        var values = new float[shape.Aggregate(1L, (x, y) => x * y)];
        var random = new Random(7);
        for (int i = 0; i < values.Length; i++) values[i] = (float)random.NextDouble();
        return new GridState(voxel, shape, values);
    }
    var intrinsics = new CameraIntrinsics(8, 6, 6, 6, 4, 3);
    var pose = RigidTransform.Identity;
    return new SlamState(new SlamOptions(), bounds,
        Grid(HierarchicalMap.CoarseBoundsOf(bounds), 2), Grid(bounds, 0.32), Grid(bounds, 0.16), Grid(bounds, 0.16),
        [new ParameterState("middle.output.weight", [2, 2], [1, 2, 3, 4])],
        [new KeyframeState(0, 0, intrinsics, 0, pose, new float[48], new float[144])],
        [new PoseEstimate(0, 0, pose)], intrinsics, AcceptedFrames: 1, LastTimestamp: 0);
}
