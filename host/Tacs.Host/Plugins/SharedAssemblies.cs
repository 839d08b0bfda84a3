using System.Reflection;
using System.Runtime.Loader;

namespace Tacs.Host.Plugins;

/// <summary>
/// Decides which assemblies a plugin takes from the host's default load context. The SDK always; wrappers
/// of native libraries (TorchSharp, OpenCvSharp) too, so that each native library is loaded once per process.
/// When the host does not carry such a wrapper, the first plugin folder that does provides it for all.
/// </summary>
internal sealed class SharedAssemblies
{
    private readonly IReadOnlyList<string> _names;
    private readonly Dictionary<string, string?> _providedBy = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    // The default context is one per process, and so are the folders that provided assemblies to it.
    private static readonly List<string> ProviderFolders = [];
    private static readonly Lock ProviderGate = new();

    static SharedAssemblies() => AssemblyLoadContext.Default.Resolving += ResolveFromProviders;

    public SharedAssemblies(IReadOnlyList<string> names) => _names = names;

    /// <summary>Names the plugin in <paramref name="folder"/> must take from the default context.</summary>
    public IReadOnlyList<AssemblyName> For(string folder)
    {
        lock (_gate)
        {
            return [.. _names.Where(name => InDefaultContext(name) || TryProvideFrom(folder, name)).Select(name => new AssemblyName(name))];
        }
    }

    private bool InDefaultContext(string name)
    {
        if (_providedBy.ContainsKey(name))
        {
            return true;
        }

        try
        {
            AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName(name));
            _providedBy[name] = null;
            return true;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }

    private bool TryProvideFrom(string folder, string name)
    {
        var path = Path.Combine(folder, name + ".dll");
        if (!File.Exists(path))
        {
            return false;
        }

        lock (ProviderGate)
        {
            if (!ProviderFolders.Contains(folder))
            {
                ProviderFolders.Add(folder);
            }
        }

        AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
        _providedBy[name] = folder;
        return true;
    }

    // Dependencies of a shared assembly that came from a plugin folder are looked up in that folder.
    private static Assembly? ResolveFromProviders(AssemblyLoadContext context, AssemblyName name)
    {
        string[] folders;
        lock (ProviderGate)
        {
            folders = [.. ProviderFolders];
        }

        foreach (var folder in folders)
        {
            var path = Path.Combine(folder, name.Name + ".dll");
            if (File.Exists(path))
            {
                return context.LoadFromAssemblyPath(path);
            }
        }

        return null;
    }
}
