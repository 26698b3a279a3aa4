using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NiceSlam.Data.Datasets;

namespace NiceSlam.Node;

/// <summary>Builds the node's Generic Host: options from configuration (appsettings.json, NiceSlam__* environment
/// variables, --NiceSlam:Key=value arguments), the frame queue, the input stage, the pipeline and the status
/// reporter as background services.</summary>
public static class NodeHost
{
    public static HostApplicationBuilder CreateBuilder(string[] args, IRgbdDataset? dataset = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Services.AddOptions<NodeOptions>()
            .Bind(builder.Configuration.GetSection(NodeOptions.Section))
            .Validate(o => { o.Validate(); return true; })
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => new FrameQueue(sp.GetRequiredService<IOptions<NodeOptions>>().Value.QueueCapacity));
        builder.Services.AddSingleton<NodeStatus>();
        builder.Services.AddSingleton(sp => dataset ?? FrameSources.Open(sp.GetRequiredService<IOptions<NodeOptions>>().Value.Source,
            new Data.Synthetic.SyntheticSequenceOptions { FrameCount = Math.Max(1, sp.GetRequiredService<IOptions<NodeOptions>>().Value.MaxFrames) }));
        builder.Services.AddSingleton<IFrameProcessor, PreprocessingFrameProcessor>();
        builder.Services.AddHostedService<FramePipelineWorker>();
        builder.Services.AddHostedService<DatasetPlaybackWorker>();
        builder.Services.AddHostedService<StatusReporter>();
        return builder;
    }
}
