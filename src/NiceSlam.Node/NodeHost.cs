using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NiceSlam.Messages.Bus;
using NiceSlam.Node.Diagnostics;
using NiceSlam.Node.Engine;
using NiceSlam.Node.Input;
using NiceSlam.Node.Outputs;
using NiceSlam.Node.Services;
using NiceSlam.Node.Sources;
using NiceSlam.Node.Workers;

namespace NiceSlam.Node;

/// <summary>
/// Builds the node's Generic Host. Settings come from the "NiceSlam" section of the configuration
/// (appsettings.json, NiceSlam__key environment variables, --NiceSlam:key=value arguments; the ROS edge adds the
/// ROS parameters under the same keys). The message bus is the caller's (the rcldotnet edge on a robot) or the one
/// the transport setting chooses (Transport/MessageBusFactory: in-process loopback or Cyclone DDS); recorded
/// sources (synthetic, dataset, bag) are played onto that bus, so every input goes through the same topics,
/// synchronisation and pipeline.
/// </summary>
public static class NodeHost
{
    public static HostApplicationBuilder CreateBuilder(string[] args, IMessageBus? bus = null, IRecordedSource? source = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMinutes(2));
        builder.Services.AddOptions<NodeOptions>()
            .Bind(builder.Configuration.GetSection(NodeOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<NodeOptions>, NodeOptionsValidator>();

        builder.Services.AddSingleton<ReplayClock>();
        Transport.MessageBusFactory.Register(builder.Services, builder.Configuration, bus, FoxgloveLiveView.Decorate);
        FoxgloveLiveView.Register(builder.Services);
        builder.Services.AddSingleton(sp => Settings(sp).BlockWhenFull
            ? new FrameQueue(Settings(sp).QueueCapacity, QueueFullPolicy.Block)
            : new FrameQueue(Settings(sp).QueueCapacity, QueueFullPolicy.DropOldest));
        builder.Services.AddSingleton(sp => new GroundTruthTable(Settings(sp).SyncMaxInterval));
        builder.Services.AddSingleton(sp => new FramePreparation(Settings(sp), sp.GetRequiredService<GroundTruthTable>()));
        builder.Services.AddSingleton(sp =>
        {
            var o = Settings(sp);
            var prepare = sp.GetRequiredService<FramePreparation>();
            return new InputStage(sp.GetRequiredService<IMessageBus>(),
                InputSettings.From(o, prepare.Prepare, sp.GetRequiredService<LiveTiming>().NoteReceipt),
                sp.GetRequiredService<FrameQueue>(), sp.GetRequiredService<ILogger<InputStage>>());
        });
        builder.Services.AddSingleton<SlamEngine>();
        builder.Services.AddSingleton(sp => new MappingHandoff(sp.GetRequiredService<SlamEngine>().Options.Sync));
        builder.Services.AddSingleton<ExclusiveCommands>();
        builder.Services.AddSingleton(sp => new LiveTiming(() => sp.GetRequiredService<IMessageBus>().Now().ToSeconds()));
        builder.Services.AddSingleton<SlamReports>();

        // Start order: the Foxglove live view (when on), services (may load a map), publishers, the workers, the input,
        // the recorded source. Stop order is the reverse: the source and input stop first, the workers finish their
        // current step, the publishers send a final round, the map is saved, and the live view closes last.
        builder.Services.AddHostedService<FoxgloveLiveView>();
        builder.Services.AddSingleton(sp => new MemoryTrace(sp.GetRequiredService<SlamEngine>(), Math.Max(1, Settings(sp).MemoryTraceEvery),
            sp.GetRequiredService<ILogger<MemoryTrace>>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MemoryTrace>());       // stops after the workers
        builder.Services.AddSingleton<IFrameObserver>(sp => Settings(sp).MemoryTraceEvery > 0 ? sp.GetRequiredService<MemoryTrace>() : NoFrameObserver.Instance);
        builder.Services.AddHostedService<OutputBagRecorder>();
        builder.Services.AddSingleton<MapServices>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MapServices>());
        builder.Services.AddSingleton<StatusPublisher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StatusPublisher>());
        builder.Services.AddSingleton<MapPublisher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MapPublisher>());
        builder.Services.AddSingleton<TrajectoryPublisher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TrajectoryPublisher>());
        builder.Services.AddSingleton(sp => new Parameters.ParameterServer(sp.GetRequiredService<IMessageBus>(), sp.GetRequiredService<IOptions<NodeOptions>>(),
            sp.GetRequiredService<IOptions<Transport.TransportOptions>>(), sp.GetService<Transport.RosNodeIdentity>() ?? new Transport.RosNodeIdentity(),
            sp.GetRequiredService<MapPublisher>(), sp.GetRequiredService<ILogger<Parameters.ParameterServer>>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Parameters.ParameterServer>());
        builder.Services.AddHostedService<MappingWorker>();
        builder.Services.AddSingleton<TrackingWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TrackingWorker>());
        builder.Services.AddHostedService<InputWorker>();
        builder.Services.AddSingleton<InputWatchdog>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<InputWatchdog>());
        // The recording to replay: the caller's, else the source setting's (none for "topics"); decided when the
        // host starts, after every configuration source (the ROS edge adds the ROS parameters last) is in.
        builder.Services.AddSingleton(sp => new RecordedSourceSlot(source ?? (Settings(sp).UsesTopics ? null : RecordedSources.Open(Settings(sp)))));
        builder.Services.AddHostedService<RecordedSourcePlayer>();
        return builder;
    }

    /// <summary>Adds settings below every other configuration source (appsettings.json, environment, command
    /// line, ROS parameters all override them): e.g. the defaults of the no-ROS demo.</summary>
    public static void AddFallbackSettings(HostApplicationBuilder builder, IReadOnlyDictionary<string, string?> settings) =>
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = settings.Select(kv => new KeyValuePair<string, string?>($"{NodeOptions.Section}:{kv.Key}", kv.Value)),
        });

    /// <summary>Adds <paramref name="settings"/> above every other configuration source (e.g. what `nice-slam run`
    /// composed from its command line).</summary>
    public static void AddSettings(HostApplicationBuilder builder, NodeOptions settings) =>
        builder.Configuration.AddInMemoryCollection(settings.ToConfiguration());

    private static NodeOptions Settings(IServiceProvider services) => services.GetRequiredService<IOptions<NodeOptions>>().Value;

}
