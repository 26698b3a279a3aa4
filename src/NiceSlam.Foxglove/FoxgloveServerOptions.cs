namespace NiceSlam.Foxglove;

/// <summary>Where and how the Foxglove WebSocket server listens.</summary>
public sealed record FoxgloveServerOptions
{
    /// <summary>The IP address to listen on: 127.0.0.1 (this machine only) unless a remote viewer is wanted.</summary>
    public string Address { get; init; } = "127.0.0.1";

    /// <summary>TCP port (8765 is Foxglove's default; 0: any free port, see <see cref="FoxgloveServer.Port"/>).</summary>
    public int Port { get; init; } = 8765;

    /// <summary>The server name a client shows.</summary>
    public string Name { get; init; } = "nice_slam";

    /// <summary>Largest client message accepted (JSON or binary); a longer one is discarded and counted.</summary>
    public int MaxClientMessageBytes { get; init; } = 1 << 20;
}
