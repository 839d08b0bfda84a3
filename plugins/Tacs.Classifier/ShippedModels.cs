using System.Collections.Concurrent;
using Tacs.Collagen.Classification;

namespace Tacs.Plugins.Classifier;

/// <summary>Models the plugin uses: the two shipped ones (embedded in the plugin) and user files, each loaded once.</summary>
internal static class ShippedModels
{
    /// <summary>Resource name of the model that needs a boundary.</summary>
    public const string Default = "default.zip";

    /// <summary>Resource name of the model trained on boundary-free features.</summary>
    public const string BoundaryFree = "boundary-free.zip";

    private static readonly ConcurrentDictionary<string, Lazy<TacsModel>> Cache = new(StringComparer.Ordinal);

    public static TacsModel Shipped(string name) =>
        Cache.GetOrAdd("shipped:" + name, _ => new Lazy<TacsModel>(() => LoadEmbedded(name))).Value;

    public static TacsModel FromFile(string path)
    {
        var stamp = File.GetLastWriteTimeUtc(path).Ticks;
        var lazy = Cache.GetOrAdd($"file:{path}@{stamp}", _ => new Lazy<TacsModel>(() => TacsModel.Load(path)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            Cache.TryRemove($"file:{path}@{stamp}", out _);
            throw;
        }
    }

    private static TacsModel LoadEmbedded(string name)
    {
        using var stream = typeof(ShippedModels).Assembly.GetManifestResourceStream("Models." + name)
            ?? throw new ModelException($"The classifier plugin was built without its shipped model {name}; give model=<file> or rebuild the plugin after training the default models (see docs/classifier.md).");
        return TacsModel.Load(stream, "shipped " + name);
    }
}
