namespace Tacs.Sdk.Plugins;

/// <summary>
/// Base of every plugin. A plugin assembly holds one or more public, non-abstract classes with a public
/// parameterless constructor that implement a plugin kind (<see cref="IDenoiser"/>, <see cref="IAnalyser"/>).
/// The host creates one instance per class and may call it from several threads, one frame per call.
/// New kinds are added as new interfaces, so plugins built today keep loading.
/// </summary>
public interface IPlugin
{
    /// <summary>Who the plugin is and which parameters it takes. Must not change while the plugin is loaded.</summary>
    PluginManifest Manifest { get; }
}
