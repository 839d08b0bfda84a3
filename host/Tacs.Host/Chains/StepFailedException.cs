using Tacs.Sdk.Plugins;

namespace Tacs.Host.Chains;

/// <summary>A plugin threw while processing a frame.</summary>
public sealed class StepFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="position">1-based step position.</param>
    /// <param name="manifest">The plugin that failed.</param>
    /// <param name="inner">What it threw.</param>
    public StepFailedException(int position, PluginManifest manifest, Exception inner)
        : base($"Step {position} ({manifest.Id} {manifest.Version}) failed: {inner.GetType().Name}: {inner.Message}", inner)
    {
        Position = position;
        PluginId = manifest.Id;
    }

    /// <summary>1-based step position.</summary>
    public int Position { get; }

    /// <summary>The plugin that failed.</summary>
    public string PluginId { get; }
}
