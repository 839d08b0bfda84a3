using System.Runtime.Loader;
using Tacs.Host.Plugins;
using Tacs.Torch.Model;
using Tacs.Torch.Weights;

namespace Tacs.Cli.Commands;

/// <summary>
/// Where <c>tacs train drunet --init</c> starts from: a <c>.drunet</c> file, or weights built into the installed DRUNet
/// plugin (<c>shipped</c> for its default weights, <c>shipped:NAME</c> for another built-in file such as
/// <c>shipped:drunet-bsd68-r2r-s25.drunet</c>; the default is the blind weights, or in a plugin without them the
/// one whose name does not say wide).
/// </summary>
internal static class InitialWeights
{
    private const string PluginFolder = "Denoise.DRUNet";
    private const string ResourcePrefix = "weights/";

    /// <summary>Loads the network and metadata <paramref name="init"/> names.</summary>
    /// <exception cref="ArgumentException">No such file, no DRUNet plugin, or no such built-in weights.</exception>
    /// <param name="init">A .drunet file, <c>shipped</c> or <c>shipped:NAME</c>.</param>
    /// <param name="pluginsFolder">Folder of plugin folders, for built-in weights.</param>
    /// <param name="what">How error messages name the value (the option or argument it came from).</param>
    public static (DrunetNetwork Network, WeightsMetadata Metadata, string Source) Load(string init, string pluginsFolder, string what = "--init")
    {
        var ((network, metadata), source) = Read(init, pluginsFolder, what, WeightsFile.Load);
        return (network, metadata, source);
    }

    /// <summary>Reads only the metadata of the weights <paramref name="init"/> names (no network is built, so a file
    /// whose numbers are damaged still tells its history).</summary>
    /// <exception cref="ArgumentException">As <see cref="Load"/>.</exception>
    public static (WeightsMetadata Metadata, string Source) ReadMetadata(string init, string pluginsFolder, string what) =>
        Read(init, pluginsFolder, what, WeightsFile.ReadMetadata);

    // Finds the file or the built-in resource and hands its stream, with a name for messages, to read.
    private static (T Value, string Source) Read<T>(string init, string pluginsFolder, string what, Func<Stream, string, T> read)
    {
        if (!init.StartsWith("shipped", StringComparison.OrdinalIgnoreCase) || File.Exists(init))
        {
            if (!File.Exists(init))
            {
                throw new ArgumentException($"{what} {init}: no such weights file. Give a .drunet file, 'shipped' (the DRUNet plugin's default weights) or 'shipped:NAME'.");
            }

            try
            {
                using var file = File.OpenRead(init);
                return (read(file, init), Path.GetFullPath(init));
            }
            catch (InvalidDataException ex)
            {
                throw new ArgumentException($"{what} {init}: {ex.Message}", ex);
            }
        }

        var dll = Path.Combine(pluginsFolder, PluginFolder, PluginFolder + ".dll");
        if (!File.Exists(dll))
        {
            throw new ArgumentException($"{what} {init}: the DRUNet plugin is not installed at {dll}; give a .drunet file instead, or --plugins the folder that holds {PluginFolder}.");
        }

        // A collectible context only to read the plugin's resources: no type of the plugin is loaded or run.
        var context = new AssemblyLoadContext("tacs-init-weights", isCollectible: true);
        try
        {
            var assembly = context.LoadFromAssemblyPath(Path.GetFullPath(dll));
            var names = assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(WeightsFile.Extension, StringComparison.Ordinal)).ToList();
            var wanted = init.Length > "shipped".Length && init["shipped".Length] == ':' ? ResourcePrefix + init["shipped:".Length..] : null;
            var choice = wanted is not null
                ? names.FirstOrDefault(n => n == wanted)
                : names.FirstOrDefault(n => n.EndsWith("-blind" + WeightsFile.Extension, StringComparison.Ordinal))
                    ?? (names.Where(n => !n.Contains("-wide", StringComparison.Ordinal)).ToList() is { Count: 1 } single ? single[0] : null);
            if (choice is null || (wanted is null && init.Length != "shipped".Length))
            {
                throw new ArgumentException($"{what} {init}: the DRUNet plugin has built-in weights {string.Join(", ", names.Select(n => n[ResourcePrefix.Length..]))}; use 'shipped' for its default or 'shipped:NAME'.");
            }

            using var stream = assembly.GetManifestResourceStream(choice)!;
            return (read(stream, choice), $"{choice[ResourcePrefix.Length..]} (built into {dll})");
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>The plugins folder of this command: --plugins, else $TACS_PLUGINS, else plugins/ next to tacs.</summary>
    public static string PluginsFolder(System.CommandLine.ParseResult parse) =>
        parse.GetValue(GlobalOptions.Plugins) is { Length: > 0 } given ? Path.GetFullPath(given) : PluginHostOptions.DefaultPluginsFolder();
}
