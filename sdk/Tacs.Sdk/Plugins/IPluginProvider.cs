namespace Tacs.Sdk.Plugins;

/// <summary>
/// A class that makes plugins from what it finds when the host loads it, such as one plugin per model package in the
/// models folder. The host creates one instance of each provider class (public parameterless constructor) and adds
/// every plugin it returns as if each were a plugin class of its own; the plugins themselves need no public
/// constructor. Added in SDK 1.1.
/// </summary>
public interface IPluginProvider
{
    /// <summary>Creates the plugins. Broken sources are reported with <see cref="PluginProviderContext.ReportFailure"/>, not thrown.</summary>
    /// <param name="context">The models folder, a logger, and where to report failures.</param>
    /// <returns>The plugins, each with its own manifest id.</returns>
    IReadOnlyList<IPlugin> CreatePlugins(PluginProviderContext context);
}
