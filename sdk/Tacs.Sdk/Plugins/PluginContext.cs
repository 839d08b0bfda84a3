using Tacs.Sdk.Logging;

namespace Tacs.Sdk.Plugins;

/// <summary>What the host hands a plugin for one call: a logger, a cancellation token, and a place to
/// record facts (such as an estimated noise level) that end up in the frame's provenance.</summary>
public sealed class PluginContext
{
    private readonly Dictionary<string, string> _notes = new(StringComparer.Ordinal);

    /// <summary>Creates a context.</summary>
    /// <param name="logger">Logger for the plugin.</param>
    /// <param name="cancellation">Cancelled when the user stops the work.</param>
    public PluginContext(IPluginLogger logger, CancellationToken cancellation)
    {
        Logger = logger ?? throw new ArgumentNullException(nameof(logger));
        Cancellation = cancellation;
    }

    /// <summary>A context with no logging and no cancellation, for tests and tools.</summary>
    public static PluginContext None => new(NullPluginLogger.Instance, CancellationToken.None);

    /// <summary>Logger for the plugin.</summary>
    public IPluginLogger Logger { get; }

    /// <summary>Cancelled when the user stops the work; long-running plugins should check it.</summary>
    public CancellationToken Cancellation { get; }

    /// <summary>Facts recorded during this call.</summary>
    public IReadOnlyDictionary<string, string> Notes => _notes;

    /// <summary>Records a fact for the frame's provenance, such as <c>sigma_estimated=12.4</c>.</summary>
    /// <param name="key">Name of the fact.</param>
    /// <param name="value">Its value as invariant text.</param>
    public void Note(string key, string value) => _notes[key] = value;
}
