namespace Tacs.Host.Plugins;

/// <summary>
/// A stable handle on a plugin id whose <see cref="Current"/> version can be swapped while the host runs.
/// Chains hold slots and read <see cref="Current"/> once per frame, so a swap takes effect between two frames.
/// </summary>
public sealed class PluginSlot
{
    private volatile PluginInstance _current;

    internal PluginSlot(PluginInstance first)
    {
        _current = first;
        Id = first.Manifest.Id;
    }

    /// <summary>The plugin id.</summary>
    public string Id { get; }

    /// <summary>The version in use now.</summary>
    public PluginInstance Current => _current;

    /// <summary>Raised after a new version was swapped in.</summary>
    public event EventHandler<PluginInstance>? Swapped;

    internal void Swap(PluginInstance next)
    {
        _current = next;
        Swapped?.Invoke(this, next);
    }
}
