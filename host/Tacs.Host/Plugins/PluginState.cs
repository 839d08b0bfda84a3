namespace Tacs.Host.Plugins;

/// <summary>Where a plugin stands in the host.</summary>
public enum PluginState
{
    /// <summary>Loaded and usable.</summary>
    Loaded,

    /// <summary>Could not be loaded; <see cref="PluginRecord.Error"/> says why.</summary>
    Failed,
}
