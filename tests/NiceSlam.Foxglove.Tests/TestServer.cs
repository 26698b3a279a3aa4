using NiceSlam.Messages.Bus;

namespace NiceSlam.Foxglove.Tests;

/// <summary>A Foxglove server on 127.0.0.1 (a free port) fed by a tap on a loopback bus, as the node wires it.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private TestServer(FoxgloveServer server, LoopbackBus bus, IMessageBus tap) => (Server, Bus, Tap) = (server, bus, tap);

    public FoxgloveServer Server { get; }

    /// <summary>The transport's bus (a loopback bus here).</summary>
    public LoopbackBus Bus { get; }

    /// <summary>What the node talks to: the bus with the server beside it.</summary>
    public IMessageBus Tap { get; }

    public static async Task<TestServer> StartAsync()
    {
        var server = new FoxgloveServer(new FoxgloveServerOptions { Address = "127.0.0.1", Port = 0 });
        var bus = new LoopbackBus();
        var tap = FoxgloveBusTap.Wrap(bus, server);
        await server.StartAsync(CancellationToken.None);
        return new TestServer(server, bus, tap);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Server.StopAsync(timeout.Token);
        Tap.Dispose();
    }
}
