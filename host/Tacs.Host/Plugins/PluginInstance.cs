using Tacs.Sdk.Plugins;

namespace Tacs.Host.Plugins;

/// <summary>One loaded version of a plugin.</summary>
public sealed class PluginInstance
{
    internal PluginInstance(IPlugin plugin, PluginManifest manifest, string folder, int generation)
    {
        Plugin = plugin;
        Manifest = manifest;
        Folder = folder;
        Generation = generation;
        LoadedAt = DateTimeOffset.UtcNow;
    }

    /// <summary>The plugin object.</summary>
    public IPlugin Plugin { get; }

    /// <summary>Its manifest, read once at load.</summary>
    public PluginManifest Manifest { get; }

    /// <summary>The folder it was loaded from.</summary>
    public string Folder { get; }

    /// <summary>1 for the first load, +1 for every hot swap.</summary>
    public int Generation { get; }

    /// <summary>When it was loaded.</summary>
    public DateTimeOffset LoadedAt { get; }

    /// <summary>denoiser, analyser, or the name of a kind this host does not run.</summary>
    public string Kind => KindOf(Plugin);

    internal static string KindOf(IPlugin plugin) => plugin switch
    {
        IDenoiser => "denoiser",
        IAnalyser => "analyser",
        _ => "unknown (" + string.Join(", ", plugin.GetType().GetInterfaces().Where(i => i != typeof(IPlugin) && typeof(IPlugin).IsAssignableFrom(i)).Select(i => i.Name)) + ")",
    };
}
