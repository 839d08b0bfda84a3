namespace Tacs.Host.Plugins;

/// <summary>Settings of the plugin host.</summary>
public sealed class PluginHostOptions
{
    /// <summary>Environment variable that overrides the plugins folder.</summary>
    public const string PluginsEnvironmentVariable = "TACS_PLUGINS";

    /// <summary>Environment variable that overrides the models folder.</summary>
    public const string ModelsEnvironmentVariable = "TACS_MODELS";

    /// <summary>Folder whose sub-folders are plugins (<c>plugins/&lt;Name&gt;/</c>).</summary>
    public required string PluginsFolder { get; init; }

    /// <summary>Folder of model packages handed to plugin providers (<see cref="Sdk.Plugins.IPluginProvider"/>), such as BioImage.IO models.</summary>
    public string ModelsFolder { get; init; } = DefaultModelsFolder();

    /// <summary>Watch the folder and swap changed plugins in while running.</summary>
    public bool HotSwap { get; init; }

    /// <summary>Quiet time after the last file change before a plugin is reloaded.</summary>
    public TimeSpan ReloadDebounce { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Assemblies every plugin shares with the host instead of loading its own copy: the SDK (so types
    /// match) and wrappers of native libraries that must exist once per process (libtorch aborts the
    /// process when a second copy loads). When the host itself does not carry one of them, the first
    /// plugin that does provides it for all.
    /// </summary>
    public IReadOnlyList<string> SharedAssemblies { get; init; } = ["Tacs.Sdk", "OpenCvSharp", "TorchSharp", "Microsoft.ML.OnnxRuntime"];

    /// <summary>The default plugins folder: <c>$TACS_PLUGINS</c>, else <c>plugins/</c> next to the host.</summary>
    public static string DefaultPluginsFolder()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(PluginsEnvironmentVariable);
        return string.IsNullOrWhiteSpace(fromEnvironment)
            ? Path.Combine(AppContext.BaseDirectory, "plugins")
            : Path.GetFullPath(fromEnvironment);
    }

    /// <summary>The default models folder: <c>$TACS_MODELS</c>, else <c>models/</c> next to the host.</summary>
    public static string DefaultModelsFolder()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(ModelsEnvironmentVariable);
        return string.IsNullOrWhiteSpace(fromEnvironment)
            ? Path.Combine(AppContext.BaseDirectory, "models")
            : Path.GetFullPath(fromEnvironment);
    }
}
