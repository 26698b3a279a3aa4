using System.Diagnostics;
using System.Runtime.InteropServices;
using NiceSlam.Messages.SensorMsgs;
using NiceSlam.Messages.StdMsgs;
using NiceSlam.Ros;
using ROS2;
using TorchSharp;

// ros-image-bench: one 640x480 rgb8 and one 640x480 16UC1 image through the rcldotnet edge, each way:
//   publish side: record -> generated class (RosMessageConversions.ToRos) -> native message (__WriteToHandle)
//   receive side: native message -> generated class (__ReadFromHandle) -> record (RosMessageConversions.FromRos)
// "generated": sensor_msgs.msg.Image with its List<byte> (one native call per byte per step, as the edge did);
// "block": RosBulkImage (one Marshal.Copy). Cross-checks: a message written by one path and read by the other gives
// the same fields and bytes. Exit 1 on a mismatch. Prints the median of --repeats runs (default 20).
int repeats = args.Length > 1 && args[0] == "--repeats" ? int.Parse(args[1]) : 20;
int failures = 0;

Console.WriteLine($"ros-image-bench: {DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} CPU(s), matmul 256x256 fp32 {MatmulGflops():0.0} GFLOP/s, median of {repeats}");
foreach (var (encoding, bytesPerPixel) in new[] { ("rgb8", 3), ("16UC1", 2) })
{
    var random = new Random(7);
    var data = new byte[640 * 480 * bytesPerPixel];
    random.NextBytes(data);
    var record = new Image
    {
        Header = new Header { Stamp = new Time(1_700_000_000, 123_456_789), FrameId = "camera_color_optical_frame" },
        Height = 480, Width = 640, Encoding = encoding, IsBigEndian = 0, Step = (uint)(640 * bytesPerPixel), Data = data,
    };

    double generatedWrite = Median(repeats, () => WithHandle(h => Generated(record).__WriteToHandle(h)));
    double blockWrite = Median(repeats, () => WithHandle(h => ((IRosMessage)RosMessageConversions.ToRos(record)).__WriteToHandle(h)));
    double generatedRead = 0, blockRead = 0;
    WithHandle(h =>
    {
        ((IRosMessage)RosMessageConversions.ToRos(record)).__WriteToHandle(h);
        generatedRead = Median(repeats, () => { var m = new sensor_msgs.msg.Image(); m.__ReadFromHandle(h); RosMessageConversions.FromRos(m); });
        blockRead = Median(repeats, () => { var m = new RosBulkImage(); ((IRosMessage)m).__ReadFromHandle(h); RosMessageConversions.FromRos(m); });
    });
    Console.WriteLine($"640x480 {encoding} ({data.Length} bytes): publish side generated {generatedWrite:0.00} ms, block {blockWrite:0.00} ms; "
        + $"receive side generated {generatedRead:0.00} ms, block {blockRead:0.00} ms");

    // Cross-checks: block write -> generated read, generated write -> block read.
    WithHandle(h =>
    {
        ((IRosMessage)RosMessageConversions.ToRos(record)).__WriteToHandle(h);
        var m = new sensor_msgs.msg.Image();
        m.__ReadFromHandle(h);
        failures += Compare($"{encoding} block write, generated read", record, RosMessageConversions.FromRos(m));
    });
    WithHandle(h =>
    {
        Generated(record).__WriteToHandle(h);
        var m = new RosBulkImage();
        ((IRosMessage)m).__ReadFromHandle(h);
        failures += Compare($"{encoding} generated write, block read", record, RosMessageConversions.FromRos(m));
    });
}
// An empty image (no bytes) goes through too.
WithHandle(h =>
{
    var empty = new Image { Header = new Header { FrameId = "f" }, Encoding = "mono8" };
    ((IRosMessage)RosMessageConversions.ToRos(empty)).__WriteToHandle(h);
    var m = new RosBulkImage();
    ((IRosMessage)m).__ReadFromHandle(h);
    failures += Compare("empty image", empty, RosMessageConversions.FromRos(m));
});
Console.WriteLine(failures == 0 ? "ros-image-bench: block and generated copies agree" : $"ros-image-bench: {failures} mismatch(es)");
return failures == 0 ? 0 : 1;

// The edge's conversion before the block copies: a List<byte> copy of the record's bytes.
static sensor_msgs.msg.Image Generated(Image m) => new()
{
    Header = RosMessageConversions.ToRos(m.Header), Height = m.Height, Width = m.Width, Encoding = m.Encoding,
    IsBigendian = m.IsBigEndian, Step = m.Step, Data = new List<byte>(m.Data),
};

static void WithHandle(Action<IntPtr> action)
{
    using SafeHandle handle = sensor_msgs.msg.Image.__CreateMessageHandle();
    action(handle.DangerousGetHandle());
}

static double Median(int repeats, Action run)
{
    run(); // warm-up (JIT, first native calls)
    var times = new double[repeats];
    for (int i = 0; i < repeats; i++)
    {
        long start = Stopwatch.GetTimestamp();
        run();
        times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
    Array.Sort(times);
    return times[repeats / 2];
}

static int Compare(string what, Image expected, Image actual)
{
    var differences = new List<string>();
    if (actual.Header.Stamp != expected.Header.Stamp) differences.Add($"stamp {actual.Header.Stamp} != {expected.Header.Stamp}");
    if (actual.Header.FrameId != expected.Header.FrameId) differences.Add($"frame_id '{actual.Header.FrameId}' != '{expected.Header.FrameId}'");
    if (actual.Height != expected.Height || actual.Width != expected.Width) differences.Add($"size {actual.Width}x{actual.Height}");
    if (actual.Encoding != expected.Encoding) differences.Add($"encoding '{actual.Encoding}'");
    if (actual.IsBigEndian != expected.IsBigEndian) differences.Add($"is_bigendian {actual.IsBigEndian}");
    if (actual.Step != expected.Step) differences.Add($"step {actual.Step}");
    if (!actual.Data.AsSpan().SequenceEqual(expected.Data)) differences.Add($"data ({actual.Data.Length} bytes vs {expected.Data.Length})");
    if (differences.Count > 0) Console.WriteLine($"MISMATCH {what}: {string.Join("; ", differences)}");
    return differences.Count > 0 ? 1 : 0;
}

static double MatmulGflops()
{
    const int n = 256, repeats = 20;
    using var a = torch.rand(n, n);
    using var b = torch.rand(n, n);
    a.matmul(b).sum().item<float>();
    var watch = Stopwatch.StartNew();
    for (int i = 0; i < repeats; i++) { using var c = a.matmul(b); c.sum().item<float>(); }
    return 2.0 * n * n * n * repeats / watch.Elapsed.TotalSeconds / 1e9;
}
