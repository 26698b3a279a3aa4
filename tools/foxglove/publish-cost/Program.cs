// Publisher-side cost of the Foxglove live view (see PublishCost.csproj). Thread CPU time: clock_gettime(CLOCK_THREAD_CPUTIME_ID).
using System.Diagnostics;
using System.Net.WebSockets;
using System.Runtime.InteropServices;
using System.Text;
using NiceSlam.Foxglove;
using NiceSlam.Messages.Bus;
using NiceSlam.Messages.GeometryMsgs;
using NiceSlam.Messages.SensorMsgs;
using NiceSlam.Messages.StdMsgs;
using NiceSlam.Messages.Tf2Msgs;

const int N = 20000;
var image = new Image { Header = new Header(Time.FromSeconds(1), "cam"), Width = 160, Height = 120, Encoding = "rgb8", Step = 480, Data = new byte[160 * 120 * 3] };
var tf = new TFMessage { Transforms = [new TransformStamped { Header = new Header(Time.FromSeconds(1), "map"), ChildFrameId = "cam" }] };

async Task Measure(string name, Func<Task<(IMessageBus bus, Func<Task> cleanup)>> setup)
{
    var (bus, cleanup) = await setup();
    var img = bus.CreatePublisher<Image>("/camera/color", QosProfile.SensorData);
    var t = bus.CreatePublisher<TFMessage>("/tf", QosProfile.Tf);
    await Task.Delay(300);
    for (int i = 0; i < 2000; i++) { img.Publish(image); t.Publish(tf); }   // warm up
    var process0 = Process.GetCurrentProcess().TotalProcessorTime;
    long thread0 = ThreadNs();
    var wall = Stopwatch.StartNew();
    double slowest = 0;
    for (int i = 0; i < N; i++)
    {
        long s = Stopwatch.GetTimestamp();
        img.Publish(image);
        t.Publish(tf);
        slowest = Math.Max(slowest, Stopwatch.GetElapsedTime(s).TotalMicroseconds);
    }
    wall.Stop();
    long thread = ThreadNs() - thread0;
    await Task.Delay(500);
    var process = Process.GetCurrentProcess().TotalProcessorTime - process0;
    Console.WriteLine($"{name,-34} publisher thread CPU {thread / 1000.0 / (2 * N),6:0.00} us/msg, wall {wall.Elapsed.TotalMicroseconds / (2 * N),6:0.00} us/msg, slowest pair {slowest / 1000,6:0.0} ms, process CPU {process.TotalMicroseconds / (2 * N),7:0.00} us/msg");
    await cleanup();
}

await Measure("loopback bus alone", () => Task.FromResult<(IMessageBus, Func<Task>)>((new LoopbackBus(), () => Task.CompletedTask)));
await Measure("tapped, server on, no client", async () =>
{
    var server = new FoxgloveServer(new FoxgloveServerOptions { Port = 0 });
    await server.StartAsync(default);
    return (FoxgloveBusTap.Wrap(new LoopbackBus(), server), () => server.StopAsync(default));
});
foreach (bool read in new[] { false, true })
    await Measure(read ? "tapped, a client reading all" : "tapped, a client that never reads", async () =>
    {
        var server = new FoxgloveServer(new FoxgloveServerOptions { Port = 0 });
        await server.StartAsync(default);
        var bus = FoxgloveBusTap.Wrap(new LoopbackBus(), server);
        bus.CreatePublisher<Image>("/camera/color", QosProfile.SensorData);
        bus.CreatePublisher<TFMessage>("/tf", QosProfile.Tf);
        var ws = new ClientWebSocket();
        ws.Options.AddSubProtocol("foxglove.websocket.v1");
        await ws.ConnectAsync(new Uri($"ws://127.0.0.1:{server.Port}"), default);
        foreach (var c in server.Channels)
            await ws.SendAsync(Encoding.UTF8.GetBytes($$"""{"op":"subscribe","subscriptions":[{"id":{{c.Id}},"channelId":{{c.Id}}}]}"""), WebSocketMessageType.Text, true, default);
        var buffer = new byte[1 << 20];
        var reading = read ? Task.Run(async () => { try { while (true) await ws.ReceiveAsync(buffer, default); } catch { } }) : Task.CompletedTask;
        while (server.Channels.Any(c => c.Subscribers == 0)) await Task.Delay(10);
        return (bus, async () =>
        {
            Console.WriteLine($"{"",34} sent {server.SentMessages}, dropped {server.DroppedMessages}");
            ws.Abort();
            await server.StopAsync(default);
        });
    });

[DllImport("libc", SetLastError = true)] static extern int clock_gettime(int clock, out Timespec t);
static long ThreadNs() { clock_gettime(3, out var t); return t.Sec * 1_000_000_000L + t.Nsec; }
struct Timespec { public long Sec; public long Nsec; }
