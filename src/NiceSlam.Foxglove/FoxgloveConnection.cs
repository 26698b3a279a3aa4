using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using NiceSlam.Messages.Cdr;

namespace NiceSlam.Foxglove;

/// <summary>
/// One connected client: its subscriptions, its outgoing queues and its two loops. Publishing only queues (a
/// reference per subscribed channel, under a short lock); this client's send loop serializes and sends, so a slow
/// client holds nobody up. Each channel keeps at most its queue depth of messages: when the client falls behind, the
/// channel's oldest are dropped and counted. Channels take turns, so a busy one does not starve the others. JSON
/// operations (advertisements, status, service replies) go first.
/// </summary>
internal sealed class FoxgloveConnection
{
    private const int MaxControlFrames = 1000;

    private readonly FoxgloveServer server;
    private readonly WebSocket socket;
    private readonly int maxMessageBytes;
    private readonly object gate = new();
    private readonly Queue<(bool Text, byte[] Bytes)> control = new();
    private readonly Dictionary<uint, ChannelQueue> pending = [];
    private readonly Queue<uint> turns = new();
    private readonly Dictionary<uint, FoxgloveChannel> bySubscription = [];
    private readonly Dictionary<uint, uint> byChannel = [];
    private readonly Channel<bool> wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private long dropped, sent;
    private int sending;

    public FoxgloveConnection(FoxgloveServer server, WebSocket socket, string remote, int maxMessageBytes)
    {
        (this.server, this.socket, Remote, this.maxMessageBytes) = (server, socket, remote, maxMessageBytes);
    }

    public string Remote { get; }

    /// <summary>Messages of this client dropped because it read slower than they came.</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    /// <summary>Messages sent to this client.</summary>
    public long Sent => Interlocked.Read(ref sent);

    /// <summary>True when nothing waits to be sent and no send is under way.</summary>
    public bool IsIdle
    {
        get { lock (gate) return control.Count == 0 && pending.Values.All(q => q.Items.Count == 0) && Volatile.Read(ref sending) == 0; }
    }

    /// <summary>Queues <paramref name="message"/> when this client subscribes to its channel.</summary>
    public void Enqueue(OutgoingMessage message)
    {
        lock (gate)
        {
            if (!byChannel.ContainsKey(message.Channel.Id)) return;
            EnqueueLocked(message);
        }
        wake.Writer.TryWrite(true);
    }

    /// <summary>Queues a JSON operation (text) or a binary control frame (a service response).</summary>
    public void SendControl(byte[] bytes, bool text = true)
    {
        lock (gate)
        {
            if (control.Count >= MaxControlFrames) return;      // a client that floods the server with bad requests
            control.Enqueue((text, bytes));
        }
        wake.Writer.TryWrite(true);
    }

    /// <summary>Sends and receives until the client leaves, the socket fails or <paramref name="cancel"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancel)
    {
        using var local = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var send = SendLoopAsync(local.Token);
        var receive = ReceiveLoopAsync(local.Token);
        await Task.WhenAny(send, receive).ConfigureAwait(false);
        local.Cancel();
        try { await Task.WhenAll(send, receive).ConfigureAwait(false); }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException) { }
        if (socket.State == WebSocketState.CloseReceived && !cancel.IsCancellationRequested)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try { await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false); }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException) { socket.Abort(); }
        }
        else socket.Abort();
    }

    /// <summary>Ends every subscription (the client has gone).</summary>
    public void ReleaseSubscriptions()
    {
        lock (gate)
        {
            foreach (var channel in bySubscription.Values) channel.RemoveSubscriber();
            bySubscription.Clear();
            byChannel.Clear();
            pending.Clear();
            turns.Clear();
        }
    }

    private void EnqueueLocked(OutgoingMessage message)
    {
        uint id = message.Channel.Id;
        if (!pending.TryGetValue(id, out var queue)) pending[id] = queue = new ChannelQueue();
        if (ReferenceEquals(queue.Newest, message) && queue.Items.Count > 0) return;     // a latched message queued twice
        if (queue.Items.Count == 0) turns.Enqueue(id);
        else if (queue.Items.Count >= message.Channel.QueueDepth)
        {
            queue.Items.Dequeue();
            Interlocked.Increment(ref dropped);
            server.CountDropped();
        }
        queue.Items.Enqueue(message);
        queue.Newest = message;
    }

    private bool TryTake(out (bool Text, byte[] Bytes) controlFrame, out OutgoingMessage? message, out uint subscription)
    {
        (controlFrame, message, subscription) = (default, null, 0);
        lock (gate)
        {
            if (control.TryDequeue(out controlFrame)) { sending = 1; return true; }
            while (turns.TryDequeue(out uint id))
            {
                if (!pending.TryGetValue(id, out var queue) || queue.Items.Count == 0) continue;
                var next = queue.Items.Dequeue();
                if (queue.Items.Count > 0) turns.Enqueue(id);
                if (!byChannel.TryGetValue(id, out subscription)) continue;
                message = next;
                sending = 1;
                return true;
            }
            return false;
        }
    }

    private async Task SendLoopAsync(CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            if (!TryTake(out var controlFrame, out var message, out uint subscription))
            {
                await wake.Reader.ReadAsync(cancel).ConfigureAwait(false);
                continue;
            }
            try { await SendAsync(controlFrame, message, subscription, cancel).ConfigureAwait(false); }
            finally { Volatile.Write(ref sending, 0); }
        }
    }

    private async Task SendAsync((bool Text, byte[] Bytes) controlFrame, OutgoingMessage? message, uint subscription, CancellationToken cancel)
    {
        if (message is null)
        {
            await socket.SendAsync(controlFrame.Bytes, controlFrame.Text ? WebSocketMessageType.Text : WebSocketMessageType.Binary, true, cancel).ConfigureAwait(false);
            return;
        }
        byte[] cdr;
        try { cdr = message.Cdr; }
        catch (CdrException e)
        {
            server.CountSerializationFailure(message.Channel, e);
            return;
        }
        int length = FoxgloveProtocol.MessageDataHeaderLength + cdr.Length;
        var frame = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            FoxgloveProtocol.WriteMessageDataHeader(frame, subscription, message.ReceiveTimeNs);
            cdr.CopyTo(frame.AsSpan(FoxgloveProtocol.MessageDataHeaderLength));
            await socket.SendAsync(frame.AsMemory(0, length), WebSocketMessageType.Binary, true, cancel).ConfigureAwait(false);
        }
        finally { ArrayPool<byte>.Shared.Return(frame); }
        Interlocked.Increment(ref sent);
        server.CountSent();
    }

    private async Task ReceiveLoopAsync(CancellationToken cancel)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        bool tooLong = false;
        while (!cancel.IsCancellationRequested)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(), cancel).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close) return;
            if (!tooLong && message.Length + result.Count > maxMessageBytes)
            {
                tooLong = true;
                message.SetLength(0);
            }
            if (!tooLong) message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage) continue;
            if (tooLong) Reject($"a message longer than {maxMessageBytes} bytes");
            else if (result.MessageType == WebSocketMessageType.Text) HandleText(message.GetBuffer().AsSpan(0, (int)message.Length));
            else HandleBinary(message.ToArray());
            message.SetLength(0);
            tooLong = false;
        }
    }

    private void HandleText(ReadOnlySpan<byte> text)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(text);
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException) { Reject("a text message that is not JSON"); return; }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("op", out var opElement) || opElement.ValueKind != JsonValueKind.String)
            {
                Reject("a JSON message without a string \"op\"");
                return;
            }
            string op = opElement.GetString()!;
            switch (op)
            {
                case "subscribe":
                    if (!TryGetArray(root, "subscriptions", out var subscriptions)) { Reject("subscribe without a \"subscriptions\" array"); return; }
                    foreach (var s in subscriptions.EnumerateArray())
                    {
                        if (s.ValueKind != JsonValueKind.Object || !TryGetUInt(s, "id", out uint id) || !TryGetUInt(s, "channelId", out uint channelId))
                            Reject("a subscription without a numeric \"id\" and \"channelId\"");
                        else Subscribe(id, channelId);
                    }
                    return;
                case "unsubscribe":
                    if (!TryGetArray(root, "subscriptionIds", out var ids)) { Reject("unsubscribe without a \"subscriptionIds\" array"); return; }
                    foreach (var s in ids.EnumerateArray())
                    {
                        if (s.ValueKind == JsonValueKind.Number && s.TryGetUInt32(out uint id)) Unsubscribe(id);
                        else Reject("a subscription id that is not an unsigned integer");
                    }
                    return;
                case "advertise" or "unadvertise":
                    Reject($"'{op}': this server does not take messages from clients (no clientPublish capability)");
                    return;
                default:
                    Reject($"unknown or unsupported operation '{Shorten(op)}'");
                    return;
            }
        }
    }

    private void HandleBinary(byte[] data)
    {
        if (data.Length == 0) { Reject("an empty binary message"); return; }
        switch (data[0])
        {
            case FoxgloveProtocol.ServiceCallRequestOp:
                if (!FoxgloveProtocol.TryReadServiceCall(data, out uint serviceId, out uint callId, out string encoding, out var payload))
                {
                    Reject("a truncated service call request");
                    return;
                }
                var service = server.FindService(serviceId);
                if (service is null) { Fail(serviceId, callId, $"no service with id {serviceId}"); return; }
                if (encoding != FoxgloveProtocol.Encoding) { Fail(serviceId, callId, $"encoding '{Shorten(encoding)}' is not supported; use {FoxgloveProtocol.Encoding}"); return; }
                _ = Task.Run(() =>
                {
                    try
                    {
                        var response = service.Call(payload);
                        SendControl(FoxgloveProtocol.ServiceCallFrame(FoxgloveProtocol.ServiceCallResponseOp, serviceId, callId, FoxgloveProtocol.Encoding, response), text: false);
                    }
                    catch (Exception e)         // the client's request or the service failed: the caller hears why
                    {
                        Fail(serviceId, callId, $"{service.Name}: {e.Message}");
                    }
                });
                return;
            case FoxgloveProtocol.ClientMessageDataOp:
                Reject("client message data: this server does not take messages from clients (no clientPublish capability)");
                return;
            default:
                Reject($"a binary message with unknown op 0x{data[0]:x2}");
                return;
        }
    }

    private void Subscribe(uint id, uint channelId)
    {
        var channel = server.FindChannel(channelId);
        if (channel is null) { Reject($"subscribe to unknown channel {channelId}"); return; }
        bool queued = false;
        lock (gate)
        {
            if (bySubscription.ContainsKey(id)) { Reject($"subscription id {id} is already in use"); return; }
            if (byChannel.ContainsKey(channelId)) { Reject($"channel {channelId} is already subscribed"); return; }
            bySubscription[id] = channel;
            byChannel[channelId] = id;
            channel.AddSubscriber();
            if (channel.Last is { } last)               // latched: the last map, mesh, path for a late client
            {
                EnqueueLocked(last);
                queued = true;
            }
        }
        if (queued) wake.Writer.TryWrite(true);
    }

    private void Unsubscribe(uint id)
    {
        lock (gate)
        {
            if (!bySubscription.Remove(id, out var channel)) { Reject($"unsubscribe of unknown subscription {id}"); return; }
            byChannel.Remove(channel.Id);
            pending.Remove(channel.Id);
            channel.RemoveSubscriber();
        }
    }

    private void Reject(string what)
    {
        server.CountRejected(this, what);
        SendControl(FoxgloveJson.Status(FoxgloveProtocol.StatusError, "ignored " + what));
    }

    private void Fail(uint serviceId, uint callId, string message)
    {
        server.CountRejected(this, "service call: " + message);
        SendControl(FoxgloveJson.ServiceCallFailure(serviceId, callId, message));
    }

    private static bool TryGetArray(JsonElement root, string name, out JsonElement array) =>
        root.TryGetProperty(name, out array) && array.ValueKind == JsonValueKind.Array;

    private static bool TryGetUInt(JsonElement element, string name, out uint value)
    {
        value = 0;
        return element.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetUInt32(out value);
    }

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";

    private sealed class ChannelQueue
    {
        public Queue<OutgoingMessage> Items { get; } = new();
        public OutgoingMessage? Newest { get; set; }
    }
}
