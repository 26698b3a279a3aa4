using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NiceSlam.Core.Compute;
using NiceSlam.Core.Decoders;
using NiceSlam.Core.Slam;
using NiceSlam.Data.Weights;
using TorchSharp;

namespace NiceSlam.Node.Engine;

/// <summary>
/// The engine as the node (and `nice-slam run`, which is the node on a recording) composes it: one
/// <see cref="SlamSystem"/> built from the node's settings (<see cref="BuildOptions"/>), on the chosen device, with
/// the pretrained geometry decoders (shipped or official); the system owns the decoders, this owns the system.
/// </summary>
public sealed class SlamEngine : IDisposable
{
    public SlamEngine(IOptions<NodeOptions> nodeOptions, ILogger<SlamEngine> logger)
    {
        var settings = nodeOptions.Value;
        Options = BuildOptions(settings);
        Device = ComputeDevice.Select(settings.Device, settings.Threads);
        // The colour decoder is not pretrained: SLAM trains it from an initialisation fixed by the seed.
        var decoders = new NiceDecoders(new torch.Generator((ulong)Options.Seed));
        try { DecoderWeights = GeometryDecoders.Load(decoders, settings.OfficialDecoders); }
        catch
        {
            decoders.Dispose();
            throw;
        }
        System = new SlamSystem(Options, decoders, Device);
        logger.LogInformation("engine: preset {Preset} on {Device} ({Threads} threads), sync {Sync}, decoders: {Weights}",
            settings.Preset, Device, torch.get_num_threads(), Options.Sync, DecoderWeights);
    }

    public SlamOptions Options { get; }
    public torch.Device Device { get; }
    public SlamSystem System { get; }

    /// <summary>Where the geometry decoders came from (shipped weights or official checkpoints).</summary>
    public string DecoderWeights { get; }

    /// <summary>The engine's settings: the preset, then the synthetic room's bounds when the source is the synthetic
    /// sequence, then the bounds setting, then the slam_settings overrides in order.</summary>
    /// <exception cref="ArgumentException">Naming every problem.</exception>
    public static SlamOptions BuildOptions(NodeOptions settings)
    {
        var problems = new List<string>();
        var options = BuildOptions(settings, problems);
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems));
        return options;
    }

    /// <summary>As <see cref="BuildOptions(NodeOptions)"/>, adding every problem to <paramref name="problems"/>.</summary>
    public static SlamOptions BuildOptions(NodeOptions settings, List<string> problems)
    {
        SlamOptions options;
        try { options = SlamPresets.Get(settings.Preset); }
        catch (ArgumentException e)
        {
            problems.Add($"{NodeOptions.Section}:preset: {e.Message}");
            options = new SlamOptions();
        }
        // The synthetic room is known: give its bounds as a user's configuration would (the first frame alone
        // sees only part of it). A tour of several rooms starts from what the first frame sees and grows.
        if (string.Equals(settings.Source, Data.Datasets.FrameSources.Synthetic, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(settings.SyntheticMotion, nameof(Data.Synthetic.SyntheticMotion.Tour), StringComparison.OrdinalIgnoreCase))
            options.Map.Bounds = new Data.Synthetic.SyntheticSequence().MapBounds;
        // A node that may drop frames (drop_oldest: live topics, or a recording played at its pace) runs live: it
        // tracks every frame it can and maps beside it (loose). With the blocking queue (every frame processed, as
        // `run` does) it keeps the reference's alternation (strict, deterministic). Sync=... overrides either.
        if (!settings.BlockWhenFull) options.Sync = SyncMode.Loose;
        if (!string.IsNullOrWhiteSpace(settings.Bounds))
        {
            try { options.Map.Bounds = SlamOptionsOverrides.ParseBounds(settings.Bounds); }
            catch (ArgumentException e) { problems.Add($"{NodeOptions.Section}:bounds: {e.Message}"); }
        }
        foreach (var assignment in settings.SlamSettings)
        {
            try { SlamOptionsOverrides.Apply(options, assignment); }
            catch (ArgumentException e) { problems.Add($"{NodeOptions.Section}:slam_settings: {e.Message}"); }
        }
        problems.AddRange(options.Problems().Select(p => $"{NodeOptions.Section}: engine setting {p}"));
        return options;
    }

    public void Dispose() => System.Dispose();
}
