using System.CommandLine;

namespace Tacs.Cli;

/// <summary>Options every command takes.</summary>
internal static class GlobalOptions
{
    public static readonly Option<string?> Plugins = new("--plugins")
    {
        Description = "Folder of plugin folders (default: $TACS_PLUGINS, else plugins/ next to tacs).",
        Recursive = true,
    };

    public static readonly Option<string?> Models = new("--models")
    {
        Description = "Folder of BioImage.IO model packages (folders or .zip), each run as a plugin (default: $TACS_MODELS, else models/ next to tacs).",
        Recursive = true,
    };

    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Log debug detail.",
        Recursive = true,
    };

    public static readonly Option<string?> LogFile = new("--log-file")
    {
        Description = "Also write the log to this file.",
        Recursive = true,
    };

    /// <summary>The models folder: --models, else $TACS_MODELS, else models/ next to tacs.</summary>
    public static string ModelsFolder(ParseResult parse) =>
        parse.GetValue(Models) is { Length: > 0 } given ? Path.GetFullPath(given) : Tacs.Host.Plugins.PluginHostOptions.DefaultModelsFolder();

    public static void AddTo(RootCommand root)
    {
        root.Options.Add(Plugins);
        root.Options.Add(Models);
        root.Options.Add(Verbose);
        root.Options.Add(LogFile);
    }
}
