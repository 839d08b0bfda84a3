using Tacs.Sdk.Plugins;

namespace Tacs.Host.Plugins;

/// <summary>What the host knows about one plugin (or one plugin folder that failed before any plugin was found).</summary>
/// <param name="Folder">The plugin's folder.</param>
/// <param name="State">Loaded or failed.</param>
/// <param name="Manifest">The manifest, when the plugin got far enough to give one.</param>
/// <param name="Kind">denoiser, analyser, or the kind name the host does not know.</param>
/// <param name="SdkVersion">SDK version the plugin was built against, from its assembly reference.</param>
/// <param name="Error">Why it failed, or a warning for a loaded plugin (such as a native change that needs a restart).</param>
/// <param name="LoadedAt">When the current version was loaded.</param>
/// <param name="Generation">1 for the first load, +1 for every hot swap.</param>
public sealed record PluginRecord(
    string Folder,
    PluginState State,
    PluginManifest? Manifest,
    string Kind,
    Version? SdkVersion,
    string? Error,
    DateTimeOffset LoadedAt,
    int Generation)
{
    /// <summary>The plugin id, or the folder name when no manifest was read.</summary>
    public string Id => Manifest?.Id ?? Path.GetFileName(Folder);
}
