using Tacs.Sdk.Frames;
using Tacs.Sdk.Logging;
using Tacs.Torch.Inference;
using Tacs.Torch.Model;
using Tacs.Torch.Noise;
using Tacs.Torch.Weights;

namespace Tacs.Plugins.Drunet;

/// <summary>The loaded network, kept while the same weights file is asked for; one frame at a time runs through it.</summary>
internal sealed class WeightsCache
{
    private readonly Lock _gate = new();
    private LoadedModel? _current;

    /// <summary>The network of <paramref name="path"/>, or of the built-in <paramref name="shipped"/> weights when it is null.</summary>
    public LoadedModel Get(string? path, string shipped, IPluginLogger log)
    {
        lock (_gate)
        {
            var stamp = path is not null && File.Exists(path) ? File.GetLastWriteTimeUtc(path) : default;
            var key = path ?? shipped;
            if (_current is { } model && model.Key == key && model.Stamp == stamp)
            {
                return model;
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

            _current?.Network.Dispose();
            _current = new LoadedModel(key, stamp, network, metadata, _gate);
            log.Info("DRUNet weights {Weights}: {Method} on {Data}, {Steps} steps, noise {Noise}, {Size} ({Parameters} parameters); trained by: {Command}",
                name, metadata.Method, metadata.Data, metadata.Steps, metadata.NoiseModel, network.Options.ToString(), metadata.ParameterCount, metadata.Command);
            return _current;
        }
    }

    internal sealed record LoadedModel(string Key, DateTime Stamp, DrunetNetwork Network, WeightsMetadata Metadata, Lock Gate)
    {
        public (float[] Pixels, string Noise) Run(ImageFrame frame, NoiseSpec noise, TilingOptions tiling, bool selfEnsemble, CancellationToken cancellation)
        {
            // One frame at a time: libtorch already uses every core for one frame, and the network is not re-entrant-safe to swap.
            lock (Gate)
            {
                return new FrameDenoiser(Network, tiling, selfEnsemble).Denoise(frame.Pixels, frame.Width, frame.Height, frame.SourceFormat, noise, cancellation);
            }
        }
    }
}
