using Tacs.Sdk.Frames;
using Tacs.Sdk.Logging;
using Tacs.Torch.Inference;
using Tacs.Torch.Model;
using Tacs.Torch.Noise;
using Tacs.Torch.Weights;

namespace Tacs.Plugins.Drunet;

/// <summary>
/// The loaded networks of one plugin instance, shared by every chain that uses it. A study runs several DRUNet chains
/// with different weights at once, so a few networks stay loaded (least recently used evicted), and a network is
/// looked up and run under one lock: no chain can dispose a network another is about to run.
/// </summary>
internal sealed class WeightsCache
{
    /// <summary>Networks kept loaded (each about 2–10 MB).</summary>
    internal const int Capacity = 4;

    private readonly Lock _gate = new();
    private readonly List<LoadedModel> _loaded = [];

    /// <summary>Denoises one frame with the given weights, loading them first when they are not loaded.</summary>
    public (float[] Pixels, string Noise) Denoise(string? path, string shipped, IPluginLogger log, ImageFrame frame, NoiseSpec noise, TilingOptions tiling, bool selfEnsemble, bool pixelShuffle, CancellationToken cancellation)
    {
        // One frame at a time: libtorch already uses every core for one frame.
        lock (_gate)
        {
            var network = Get(path, shipped, log).Network;
            return new FrameDenoiser(network, tiling, selfEnsemble, pixelShuffle).Denoise(frame.Pixels, frame.Width, frame.Height, frame.SourceFormat, noise, cancellation);
        }
    }

    private LoadedModel Get(string? path, string shipped, IPluginLogger log)
    {
        var stamp = path is not null && File.Exists(path) ? File.GetLastWriteTimeUtc(path) : default;
        var key = path ?? shipped;
        var index = _loaded.FindIndex(m => m.Key == key);
        if (index >= 0)
        {
            var found = _loaded[index];
            _loaded.RemoveAt(index);
            if (found.Stamp == stamp)
            {
                _loaded.Insert(0, found);
                return found;
            }

            // The file changed since it was loaded (retrained): load it again.
            found.Network.Dispose();
        }

        WeightsMetadata metadata;
        DrunetNetwork network;
        var name = path ?? shipped + " (shipped, built into the plugin)";
        try
        {
            if (path is null)
            {
                using var resource = typeof(WeightsCache).Assembly.GetManifestResourceStream("weights/" + shipped)
                    ?? throw new InvalidDataException($"The plugin was built without its weights ({shipped}); rebuild it, or give weights=<file>.");
                (network, metadata) = WeightsFile.Load(resource, name);
            }
            else
            {
                (network, metadata) = WeightsFile.Load(path);
            }
        }
        catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException)
        {
            throw new Tacs.Sdk.Parameters.ParameterException("weights", ex.Message);
        }

        if (_loaded.Count >= Capacity)
        {
            _loaded[^1].Network.Dispose();
            _loaded.RemoveAt(_loaded.Count - 1);
        }

        var model = new LoadedModel(key, stamp, network);
        _loaded.Insert(0, model);
        log.Info("DRUNet weights {Weights}: {Method} on {Data}, {Steps} steps, noise {Noise}, {Size} ({Parameters} parameters); trained by: {Command}",
            name, metadata.Method, metadata.Data, metadata.Steps, metadata.NoiseModel, network.Options.ToString(), metadata.ParameterCount, metadata.Command);
        return model;
    }

    private sealed record LoadedModel(string Key, DateTime Stamp, DrunetNetwork Network);
}
