using Tacs.Sdk.Logging;

namespace Tacs.Sdk.Plugins;

/// <summary>What the host hands a <see cref="IPluginProvider"/> when it loads it. Added in SDK 1.1.</summary>
public sealed class PluginProviderContext
{
    private readonly List<KeyValuePair<string, string>> _failures = [];

    /// <summary>Creates a context.</summary>
    /// <param name="modelsFolder">The folder the user named for models (<c>--models DIR</c>, <c>$TACS_MODELS</c>, or <c>models/</c> next to tacs); it may not exist.</param>
    /// <param name="logger">Logger for the provider.</param>
    public PluginProviderContext(string modelsFolder, IPluginLogger logger)
    {
        ModelsFolder = modelsFolder ?? throw new ArgumentNullException(nameof(modelsFolder));
        Logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>The models folder; it may not exist.</summary>
    public string ModelsFolder { get; }

    /// <summary>Logger for the provider.</summary>
    public IPluginLogger Logger { get; }

    /// <summary>Sources that could not become plugins, with the reason, in the order reported.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Failures => _failures;

    /// <summary>Records that <paramref name="name"/> (a model package, say) could not become a plugin; the host lists it as failed.</summary>
    /// <param name="name">What failed, such as a package folder name.</param>
    /// <param name="error">Why, and what to do.</param>
    public void ReportFailure(string name, string error) => _failures.Add(new(name, error));
}
