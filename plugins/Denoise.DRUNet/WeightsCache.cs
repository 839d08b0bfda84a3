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

    private bool _onnxFailed;

    /// <summary>Denoises one frame with the given weights, loading them first when they are not loaded.</summary>
    /// <param name="engine">onnx, torch, or auto (ONNX Runtime, else libtorch when ONNX Runtime cannot run here).</param>
    /// <returns>The pixels, the noise assumed and the engine that ran the network.</returns>
    public (float[] Pixels, string Noise, string Engine) Denoise(string? path, string shipped, string engine, int threads, IPluginLogger log, ImageFrame frame, NoiseSpec noise, TilingOptions tiling, bool selfEnsemble, bool pixelShuffle, CancellationToken cancellation)
    {
        // One frame at a time: either engine already uses every core for one frame.
        lock (_gate)
        {
            var model = Get(path, shipped, log);
            var network = engine == "torch" ? model.Torch : Onnx(model, engine, threads, log);
            var (pixels, assumed) = new FrameDenoiser(network, tiling, selfEnsemble, pixelShuffle).Denoise(frame.Pixels, frame.Width, frame.Height, frame.SourceFormat, noise, cancellation);
            return (pixels, assumed, network.Engine);
        }
    }

    // The network as an ONNX Runtime session, made on first use (and again when the thread count changes). With engine
    // auto, a machine where ONNX Runtime cannot run falls back to libtorch and says so once.
    private IWindowNetwork Onnx(LoadedModel model, string engine, int threads, IPluginLogger log)
    {
        if (model.Onnx is { } open && model.OnnxThreads == threads)
        {
            return open;
        }

        if (engine == "auto" && _onnxFailed)
        {
            return model.Torch;
        }

        model.Onnx?.Dispose();
        model.Onnx = null;
        try
        {
            model.Onnx = OnnxWindowNetwork.Create(model.Network, threads);
            model.OnnxThreads = threads;
            return model.Onnx;
        }
        catch (InvalidOperationException ex) when (engine == "auto")
        {
            _onnxFailed = true;
            log.Warn("DRUNet: {Reason} Running the network in libtorch instead (slower); engine=torch says so without this warning.", ex.Message);
            return model.Torch;
        }
        catch (InvalidOperationException ex)
        {
            throw new Tacs.Sdk.Parameters.ParameterException("engine", $"{ex.Message} Use engine=torch (or auto, which falls back to it).");
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
            found.Dispose();
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
            _loaded[^1].Dispose();
            _loaded.RemoveAt(_loaded.Count - 1);
        }

        var model = new LoadedModel(key, stamp, network);
        _loaded.Insert(0, model);
        log.Info("DRUNet weights {Weights}: {Method} on {Data}, {Steps} steps, noise {Noise}, {Size} ({Parameters} parameters); trained by: {Command}",
            name, metadata.Method, metadata.Data, metadata.Steps, metadata.NoiseModel, network.Options.ToString(), metadata.ParameterCount, metadata.Command);
        return model;
    }

    private sealed class LoadedModel(string key, DateTime stamp, DrunetNetwork network) : IDisposable
    {
        public string Key { get; } = key;

        public DateTime Stamp { get; } = stamp;

        public DrunetNetwork Network { get; } = network;

        public TorchWindowNetwork Torch { get; } = new(network);

        public OnnxWindowNetwork? Onnx { get; set; }

        public int OnnxThreads { get; set; }

        public void Dispose()
        {
            Onnx?.Dispose();
            Network.Dispose();
        }
    }
}
