using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NiceSlam.Core.Compute;
using NiceSlam.Core.Decoders;
using NiceSlam.Core.Slam;
using NiceSlam.Data.Weights;
using TorchSharp;

namespace NiceSlam.Node.Engine;

/// <summary>
/// The engine as the node hosts it: one <see cref="SlamSystem"/> built from the node's settings (preset, overrides,
/// device, the shipped pretrained geometry decoders), and the stream of its frame reports. The loops call
/// <see cref="OnFrame"/>, which only posts the report (the newest 256 are kept): publishers read them on their
/// own threads, so a slow subscriber never stalls tracking.
/// </summary>
public sealed class SlamEngine : IDisposable
{
    private readonly Channel<FrameReport> reports = Channel.CreateBounded<FrameReport>(
        new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly object gate = new();
    private FrameReport? lastTracked, lastMapped;

    public SlamEngine(IOptions<NodeOptions> nodeOptions, ILogger<SlamEngine> logger)
    {
        var settings = nodeOptions.Value;
        Options = BuildOptions(settings);
        Device = ComputeDevice.Select(settings.Device);
        // The colour decoder is not pretrained: SLAM trains it from an initialisation fixed by the seed.
        var decoders = new NiceDecoders(new torch.Generator((ulong)Options.Seed));
        string weights = GeometryDecoders.Load(decoders, settings.OfficialDecoders);
        System = new SlamSystem(Options, decoders, Device);
        logger.LogInformation("engine: preset {Preset} on {Device} ({Threads} threads), sync {Sync}, decoders: {Weights}",
            settings.Preset, Device, torch.get_num_threads(), Options.Sync, weights);
    }

    public SlamOptions Options { get; }
    public torch.Device Device { get; }
    public SlamSystem System { get; }

    /// <summary>The pose of the engine's world in the node's map frame: identity when the map was anchored to ground
    /// truth (the recording's world, z up for TUM and the synthetic scenes), else the rotation from the first
    /// camera's optical frame to its body frame (REP 103: x forward, y left, z up), so the map frame is level with
    /// the first camera.</summary>
    public Core.Geometry.RigidTransform MapFromWorld => Conversions.MapFrameConvention.MapFromWorldOf(System.AnchoredToGroundTruth);

    /// <summary>Reports of tracked, rejected and mapped frames, newest 256.</summary>
    public ChannelReader<FrameReport> Reports => reports.Reader;

    /// <summary>The last tracked frame's report and the last mapping call's report.</summary>
    public (FrameReport? Tracked, FrameReport? Mapped) Last { get { lock (gate) return (lastTracked, lastMapped); } }

    /// <summary>The loops' callback: records and posts the report; never blocks.</summary>
    public void OnFrame(FrameReport report)
    {
        lock (gate)
        {
            if (report.Mapping is not null) lastMapped = report;
            else if (report.Pose is not null) lastTracked = report;
        }
        reports.Writer.TryWrite(report);
    }

    public static SlamOptions BuildOptions(NodeOptions settings)
    {
        var options = SlamPresets.Get(settings.Preset);
        // The synthetic room is known: give its bounds as a user's configuration would (the first frame alone
        // sees only part of it).
        if (string.Equals(settings.Source, Data.Datasets.FrameSources.Synthetic, StringComparison.OrdinalIgnoreCase))
            options.Bounds = new Data.Synthetic.SyntheticSequence().MapBounds;
        if (!string.IsNullOrWhiteSpace(settings.Bounds)) options.Bounds = SlamOptionsOverrides.ParseBounds(settings.Bounds);
        foreach (var assignment in settings.SlamSettings) SlamOptionsOverrides.Apply(options, assignment);
        options.Validate();
        return options;
    }

    public void Dispose()
    {
        reports.Writer.TryComplete();
        System.Dispose();
    }
}
