using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.Loader;

namespace Tacs.Host.Plugins;

/// <summary>
/// Checks, before a plugin is loaded, that every assembly it references — and every assembly those reference,
/// within its folder — can be found: in the plugin's folder, or provided by the host (the .NET runtime, the
/// host's own assemblies, the shared native wrappers). The runtime would only find out when the first frame
/// reaches code that needs the missing assembly; this finds out at load time and names it.
/// </summary>
internal static class PluginDependencies
{
    private static readonly Lazy<HashSet<string>> PlatformAssemblies = new(() =>
        [.. ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()]);

    /// <summary>What cannot be resolved, as "Name Version (needed by File)"; empty when everything resolves.</summary>
    /// <param name="folder">The plugin folder.</param>
    /// <param name="mainAssembly">The plugin's main assembly.</param>
    public static IReadOnlyList<string> Missing(string folder, string mainAssembly)
    {
        var inFolder = Directory.GetFiles(folder, "*.dll", SearchOption.AllDirectories)
            .GroupBy(f => Path.GetFileNameWithoutExtension(f), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.OrderBy(f => f.Length).First(), StringComparer.OrdinalIgnoreCase);
        var missing = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { Path.GetFileNameWithoutExtension(mainAssembly) };
        var pending = new Queue<string>([mainAssembly]);
        while (pending.TryDequeue(out var path))
        {
            foreach (var (name, version) in References(path))
            {
                if (!seen.Add(name) || HostProvides(name))
                {
                    continue;
                }

                if (inFolder.TryGetValue(name, out var file))
                {
                    pending.Enqueue(file);
                }
                else
                {
                    missing.Add($"{name} {version} (needed by {Path.GetFileName(path)})");
                }
            }
        }

        return missing;
    }

    private static bool HostProvides(string name) =>
        PlatformAssemblies.Value.Contains(name)
        || File.Exists(Path.Combine(AppContext.BaseDirectory, name + ".dll"))
        || AssemblyLoadContext.Default.Assemblies.Any(a => string.Equals(a.GetName().Name, name, StringComparison.OrdinalIgnoreCase));

    private static List<(string Name, Version Version)> References(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                return [];
            }

            var reader = pe.GetMetadataReader();
            return [.. reader.AssemblyReferences.Select(h => reader.GetAssemblyReference(h)).Select(r => (reader.GetString(r.Name), r.Version))];
        }
        catch (Exception ex) when (ex is BadImageFormatException or InvalidOperationException or IOException)
        {
            // A native library named *.dll, or a damaged file: the loader reports the latter with its own message.
            return [];
        }
    }

    /// <summary>Warnings for shared wrappers the plugin carries in another version than the one it will run on.</summary>
    /// <param name="folder">The plugin folder.</param>
    /// <param name="shared">Names the plugin takes from the host's context.</param>
    public static IReadOnlyList<string> ReplacedWrappers(string folder, IEnumerable<AssemblyName> shared)
    {
        var warnings = new List<string>();
        foreach (var name in shared)
        {
            var own = Path.Combine(folder, name.Name + ".dll");
            var host = AssemblyLoadContext.Default.Assemblies.FirstOrDefault(a => string.Equals(a.GetName().Name, name.Name, StringComparison.OrdinalIgnoreCase));
            if (!File.Exists(own) || host is null || string.Equals(Path.GetFullPath(host.Location), Path.GetFullPath(own), StringComparison.Ordinal))
            {
                continue;
            }

            var ownVersion = Describe(AssemblyName.GetAssemblyName(own).Version, own);
            var hostVersion = Describe(host.GetName().Version, host.Location);
            if (ownVersion != hostVersion)
            {
                warnings.Add($"carries {name.Name} {ownVersion} but runs on the host's {hostVersion} ({host.Location}): one copy per process is shared by every plugin. Build the plugin against {hostVersion} if it depends on {ownVersion}.");
            }
        }

        return warnings;
    }

    // Assembly version, plus the file version when it says more (OpenCvSharp keeps one assembly version across releases).
    private static string Describe(Version? version, string path)
    {
        var file = path.Length > 0 && File.Exists(path) ? System.Diagnostics.FileVersionInfo.GetVersionInfo(path).FileVersion : null;
        return file is { Length: > 0 } && file != version?.ToString() ? $"{version} (file {file})" : version?.ToString() ?? "?";
    }
}
