using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace NiceSlam.Foxglove.Tests;

/// <summary>A minimal Foxglove client for the tests: keeps every JSON operation and every message data frame it
/// receives (unless told never to read).</summary>
internal sealed class TestClient : IAsyncDisposable
{
    private readonly ClientWebSocket socket;
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentQueue<JsonElement> json = new();
    private readonly ConcurrentQueue<(uint Subscription, ulong Timestamp, byte[] Payload)> data = new();
    private readonly ConcurrentQueue<byte[]> otherBinary = new();
    private readonly Task? receiving;

    private TestClient(ClientWebSocket socket, bool read)
    {
        this.socket = socket;
        if (read) receiving = ReceiveAsync();
    }

    public IReadOnlyCollection<JsonElement> Json => json;
    public IReadOnlyCollection<(uint Subscription, ulong Timestamp, byte[] Payload)> Data => data;
    public IReadOnlyCollection<byte[]> OtherBinary => otherBinary;

    /// <param name="read">False: never read from the socket (a client that stalls).</param>
    public static async Task<TestClient> ConnectAsync(FoxgloveServer server, bool read = true)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(FoxgloveProtocol.Subprotocol);
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{server.Port}"), CancellationToken.None);
        Assert.Equal(FoxgloveProtocol.Subprotocol, socket.SubProtocol);
        return new TestClient(socket, read);
    }

    /// <summary>The id of the channel advertised for <paramref name="topic"/> (waits for the advertisement).</summary>
    public async Task<JsonElement> ChannelAsync(string topic) =>
        await WaitAsync(() => Ops("advertise").SelectMany(a => a.GetProperty("channels").EnumerateArray())
            .Where(c => c.GetProperty("topic").GetString() == topic).Cast<JsonElement?>().FirstOrDefault(), $"advertisement of {topic}");

    public IEnumerable<JsonElement> Ops(string op) => json.Where(j => j.GetProperty("op").GetString() == op);

    public async Task SubscribeAsync(uint subscription, string topic)
    {
        var channel = await ChannelAsync(topic);
        await SubscribeAsync(subscription, channel.GetProperty("id").GetUInt32());
    }

    public Task SubscribeAsync(uint subscription, uint channel) =>
        SendTextAsync($$"""{"op":"subscribe","subscriptions":[{"id":{{subscription}},"channelId":{{channel}}}]}""");

    public Task SendTextAsync(string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    public Task SendBinaryAsync(byte[] bytes) =>
        socket.SendAsync(bytes, WebSocketMessageType.Binary, true, CancellationToken.None);

    /// <summary>Message data of <paramref name="subscription"/> received so far.</summary>
    public IReadOnlyList<(ulong Timestamp, byte[] Payload)> Of(uint subscription) =>
        [.. data.Where(d => d.Subscription == subscription).Select(d => (d.Timestamp, d.Payload))];

    /// <summary>Polls <paramref name="find"/> until it gives a value; fails after <paramref name="seconds"/>.</summary>
    public static async Task<T> WaitAsync<T>(Func<T?> find, string what, double seconds = 10) where T : struct
    {
        var end = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (find() is { } found) return found;
            if (DateTime.UtcNow > end) Assert.Fail($"timed out waiting for {what}");
            await Task.Delay(10);
        }
    }

    public static async Task WaitUntilAsync(Func<bool> condition, string what, double seconds = 10) =>
        await WaitAsync(() => condition() ? true : (bool?)null, what, seconds);

    /// <summary>Drops the connection without a close handshake, as a crashed viewer would.</summary>
    public void Abort() => socket.Abort();

    public async ValueTask DisposeAsync()
    {
        stop.Cancel();
        socket.Abort();
        if (receiving is not null)
            try { await receiving; } catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException) { }
        socket.Dispose();
        stop.Dispose();
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        while (!stop.IsCancellationRequested)
        {
            var result = await socket.ReceiveAsync(buffer, stop.Token);
            if (result.MessageType == WebSocketMessageType.Close) return;
            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage) continue;
            var bytes = message.ToArray();
            message.SetLength(0);
            if (result.MessageType == WebSocketMessageType.Text) json.Enqueue(JsonDocument.Parse(bytes).RootElement.Clone());
            else if (bytes[0] == FoxgloveProtocol.MessageDataOp)
                data.Enqueue((BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(1)), BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(5)), bytes[13..]));
            else otherBinary.Enqueue(bytes);
        }
    }
}
