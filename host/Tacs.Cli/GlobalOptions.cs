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

    public static void AddTo(RootCommand root)
    {
        root.Options.Add(Plugins);
        root.Options.Add(Verbose);
        root.Options.Add(LogFile);
    }
}
