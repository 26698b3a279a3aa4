using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NiceSlam.Messages.Bus;
using NiceSlam.Messages.Cdr;

namespace NiceSlam.Foxglove;

/// <summary>
/// A Foxglove WebSocket server (protocol foxglove.websocket.v1) on Kestrel: a viewer such as Foxglove or Lichtblick
/// connects to ws://address:port, sees every channel (<see cref="AddChannel"/>: topic, ROS type, ros2msg schema, cdr
/// encoding), subscribes and receives each message as the CDR bytes a DDS transport sends. Latched channels send
/// their last message on subscribe. Services (<see cref="AddService{TRequest,TResponse}"/>) are called with CDR
/// requests. Fed by <see cref="FoxgloveBusTap"/>; publishing never waits for a client (see
/// <see cref="FoxgloveConnection"/>). Malformed or unsupported client messages are ignored, answered with an error
/// status, counted and logged at most every few seconds.
/// </summary>
public sealed class FoxgloveServer : IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan LogEvery = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(1);      // without a message sent
    private static readonly TimeSpan DrainCap = TimeSpan.FromSeconds(10);         // in all

    private readonly FoxgloveServerOptions options;
    private readonly ILoggerFactory loggerFactory;
    private readonly ILogger logger;
    private readonly object gate = new();
    private readonly Dictionary<string, FoxgloveChannel> channelsByTopic = new(StringComparer.Ordinal);
    private readonly Dictionary<uint, FoxgloveChannel> channelsById = [];
    private readonly Dictionary<uint, FoxgloveService> services = [];
    private readonly List<FoxgloveConnection> clients = [];
    private readonly CancellationTokenSource stopping = new();
    private readonly LogThrottle rejectionLog = new(LogEvery);
    private readonly LogThrottle serializationLog = new(LogEvery);
    private readonly string runId = Guid.NewGuid().ToString("N");      // serverInfo's sessionId: new each time the server starts
    private volatile FoxgloveConnection[] clientList = [];
    private uint lastChannelId, lastServiceId;
    private long dropped, rejected, sent, serializationFailures, connections;
    private WebApplication? app;

    public FoxgloveServer(FoxgloveServerOptions options, ILoggerFactory? loggerFactory = null)
    {
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        if (!IPAddress.TryParse(options.Address, out _)) throw new ArgumentException($"foxglove address must be an IP address, got '{options.Address}'", nameof(options));
        if (options.Port is < 0 or > 65535) throw new ArgumentException($"foxglove port must be 0..65535, got {options.Port}", nameof(options));
        this.loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        logger = this.loggerFactory.CreateLogger<FoxgloveServer>();
    }

    /// <summary>The port listened on once started (the chosen one when <see cref="FoxgloveServerOptions.Port"/> is 0).</summary>
    public int Port { get; private set; }

    /// <summary>The URL a viewer connects to.</summary>
    public string Url => $"ws://{(options.Address.Contains(':') ? $"[{options.Address}]" : options.Address)}:{Port}";

    /// <summary>Clients connected now.</summary>
    public int ClientCount => clientList.Length;

    /// <summary>Clients that have connected since the start.</summary>
    public long Connections => Interlocked.Read(ref connections);

    /// <summary>Messages dropped for clients that read slower than the node publishes (oldest of a channel first).</summary>
    public long DroppedMessages => Interlocked.Read(ref dropped);

    /// <summary>Client messages ignored: not JSON, unknown operations, bad fields, unknown channels, bad binary frames.</summary>
    public long RejectedClientMessages => Interlocked.Read(ref rejected);

    /// <summary>Message data frames sent, all clients together.</summary>
    public long SentMessages => Interlocked.Read(ref sent);

    /// <summary>Messages that could not be serialized (and were not sent).</summary>
    public long SerializationFailures => Interlocked.Read(ref serializationFailures);

    public IReadOnlyList<FoxgloveChannel> Channels
    {
        get { lock (gate) return [.. channelsById.Values.OrderBy(c => c.Id)]; }
    }

    public IReadOnlyList<FoxgloveService> Services
    {
        get { lock (gate) return [.. services.Values.OrderBy(s => s.Id)]; }
    }

    /// <summary>The channel of <paramref name="topic"/>, advertised to connected clients when new; null when the type
    /// has no CDR codec or schema, or the topic already carries another type.</summary>
    public FoxgloveChannel? AddChannel(string topic, Type messageType, QosProfile qos)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(messageType);
        if (!CdrSerializer.IsSupportedType(messageType)) return null;
        string schemaName = CdrSerializer.RosTypeName(messageType);
        if (!MessageDefinitions.Has(schemaName)) return null;
        lock (gate)
        {
            if (channelsByTopic.TryGetValue(topic, out var existing))
            {
                if (existing.MessageType == messageType) return existing;
                logger.LogWarning("foxglove: {Topic} is advertised as {Type}; not showing it as {Other}", topic, existing.SchemaName, schemaName);
                return null;
            }
            var channel = new FoxgloveChannel(++lastChannelId, topic, messageType, schemaName, MessageDefinitions.For(schemaName),
                latched: qos.Durability == QosDurability.TransientLocal, queueDepth: qos.Depth);
            channelsByTopic[topic] = channel;
            channelsById[channel.Id] = channel;
            var advertise = FoxgloveJson.Advertise([channel]);
            foreach (var c in clients) c.SendControl(advertise);
            return channel;
        }
    }

    /// <summary>Hands <paramref name="message"/> to every client subscribed to <paramref name="channel"/> (and keeps it
    /// when the channel is latched). Returns at once: it only queues references.</summary>
    public void Publish(FoxgloveChannel channel, object message, ulong receiveTimeNs)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(message);
        if (!channel.Latched && channel.Subscribers == 0) return;
        var outgoing = new OutgoingMessage(channel, message, receiveTimeNs);
        channel.Remember(outgoing);
        if (channel.Subscribers == 0) return;
        foreach (var client in clientList) client.Enqueue(outgoing);
    }

    /// <summary>Offers a service of the node's (nice_slam_msgs) to clients until the returned handle is disposed; null
    /// when its type has no CDR codec or definition.</summary>
    public IDisposable? AddService<TRequest, TResponse>(string name, Func<TRequest, TResponse> handler)
        where TRequest : class where TResponse : class
    {
        ArgumentNullException.ThrowIfNull(handler);
        string type;
        (string Request, string Response) texts;
        try
        {
            type = CdrServiceSerializer.ServiceOf(typeof(TRequest)).ServiceType;
            texts = ServiceDefinitions.For(type);
        }
        catch (CdrException) { return null; }
        FoxgloveService service;
        lock (gate)
        {
            service = new FoxgloveService(++lastServiceId, name, type, texts.Request, texts.Response,
                request => CdrServiceSerializer.Serialize(handler(CdrServiceSerializer.Deserialize<TRequest>(request.Span))));
            services[service.Id] = service;
            var advertise = FoxgloveJson.AdvertiseServices([service]);
            foreach (var c in clients) c.SendControl(advertise);
        }
        return new Removal(() =>
        {
            lock (gate)
            {
                if (!services.Remove(service.Id)) return;
                var unadvertise = FoxgloveJson.UnadvertiseServices(service.Id);
                foreach (var c in clients) c.SendControl(unadvertise);
            }
        });
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddLogging();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Parse(options.Address), options.Port));
        var web = builder.Build();
        web.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(15) });
        web.Run(HandleAsync);
        try { await web.StartAsync(cancellationToken).ConfigureAwait(false); }
        catch (IOException e)
        {
            await web.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"foxglove: cannot listen on {options.Address}:{options.Port}: {e.Message}", e);
        }
        app = web;
        var addresses = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        Port = addresses?.Select(a => new Uri(a).Port).FirstOrDefault() ?? options.Port;
        logger.LogInformation("foxglove: serving {Url} ({Channels} channels so far)", Url, Channels.Count);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (app is null) return;
        // The node's final round (the last map, path, mesh) reaches the clients that keep up: the server waits while
        // sending makes progress (at most DrainCap), and stops waiting after DrainTimeout without a message sent, so a
        // stalled client is not waited for. Progress rather than a fixed time: on a loaded machine a keeping-up client
        // can need more than a second for the final map cloud.
        var drainCap = DateTime.UtcNow + DrainCap;
        long lastSent = SentMessages;
        var lastProgress = DateTime.UtcNow;
        while (clientList.Any(c => !c.IsIdle) && DateTime.UtcNow < drainCap && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(10, CancellationToken.None).ConfigureAwait(false);
            if (SentMessages != lastSent) (lastSent, lastProgress) = (SentMessages, DateTime.UtcNow);
            else if (DateTime.UtcNow - lastProgress > DrainTimeout) break;
        }
        await stopping.CancelAsync().ConfigureAwait(false);
        await app.StopAsync(cancellationToken).ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        app = null;
        logger.LogInformation("foxglove: stopped after {Connections} connections: {Sent} messages sent, {Dropped} dropped for slow clients, {Rejected} client messages ignored",
            Connections, SentMessages, DroppedMessages, RejectedClientMessages);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        stopping.Dispose();
    }

    internal FoxgloveChannel? FindChannel(uint id)
    {
        lock (gate) return channelsById.GetValueOrDefault(id);
    }

    internal FoxgloveService? FindService(uint id)
    {
        lock (gate) return services.GetValueOrDefault(id);
    }

    internal void CountDropped() => Interlocked.Increment(ref dropped);

    internal void CountSent() => Interlocked.Increment(ref sent);

    internal void CountRejected(FoxgloveConnection client, string what)
    {
        Interlocked.Increment(ref rejected);
        if (rejectionLog.Allow(out long held))
            logger.LogWarning("foxglove: client {Remote}: ignored {What}{Held}", client.Remote, what, held > 0 ? $" ({held} more ignored since the last report)" : "");
    }

    internal void CountSerializationFailure(FoxgloveChannel channel, CdrException e)
    {
        Interlocked.Increment(ref serializationFailures);
        if (serializationLog.Allow(out _)) logger.LogWarning("foxglove: cannot serialize a message of {Topic}: {Reason}", channel.Topic, e.Message);
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest || !context.WebSockets.WebSocketRequestedProtocols.Contains(FoxgloveProtocol.Subprotocol, StringComparer.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync($"Foxglove WebSocket server: connect with a WebSocket client that asks for subprotocol {FoxgloveProtocol.Subprotocol}\n").ConfigureAwait(false);
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync(FoxgloveProtocol.Subprotocol).ConfigureAwait(false);
        var client = new FoxgloveConnection(this, socket, $"{context.Connection.RemoteIpAddress}:{context.Connection.RemotePort}",
            options.MaxClientMessageBytes);
        Register(client);
        logger.LogInformation("foxglove: client {Remote} connected", client.Remote);
        try
        {
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token, context.RequestAborted);
            await client.RunAsync(cancel.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException) { }
        finally
        {
            Unregister(client);
            logger.LogInformation("foxglove: client {Remote} left: {Sent} messages sent, {Dropped} dropped", client.Remote, client.Sent, client.Dropped);
        }
    }

    private void Register(FoxgloveConnection client)
    {
        lock (gate)
        {
            client.SendControl(FoxgloveJson.ServerInfo(options.Name, ["services"], runId));
            if (channelsById.Count > 0) client.SendControl(FoxgloveJson.Advertise(channelsById.Values.OrderBy(c => c.Id)));
            if (services.Count > 0) client.SendControl(FoxgloveJson.AdvertiseServices(services.Values.OrderBy(s => s.Id)));
            clients.Add(client);
            clientList = [.. clients];
        }
        Interlocked.Increment(ref connections);
    }

    private void Unregister(FoxgloveConnection client)
    {
        lock (gate)
        {
            clients.Remove(client);
            clientList = [.. clients];
        }
        client.ReleaseSubscriptions();
    }

    private sealed class Removal(Action remove) : IDisposable
    {
        private Action? onDispose = remove;
        public void Dispose() => Interlocked.Exchange(ref onDispose, null)?.Invoke();
    }
}
