using System.Reflection;
using System.Runtime.Loader;
using McMaster.NETCore.Plugins.Loader;
using Tacs.Sdk.Plugins;

namespace Tacs.Host.Plugins;

/// <summary>One plugin folder loaded into its own collectible load context.</summary>
internal sealed class PluginPackage
{
    private PluginPackage(string folder, PluginAssemblyInfo info, AssemblyLoadContext context, NativeFingerprint natives)
    {
        Folder = folder;
        Info = info;
        Context = context;
        Natives = natives;
    }

    public string Folder { get; }

    public PluginAssemblyInfo Info { get; }

    public AssemblyLoadContext Context { get; }

    public NativeFingerprint Natives { get; }

    public List<IPlugin> Plugins { get; } = [];

    /// <summary>True when the assembly has a plugin provider, whether or not it made plugins.</summary>
    public bool HasProvider { get; private set; }

    /// <summary>Things that load but deserve attention, such as a shared wrapper replaced by the host's version.</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>Plugin classes that could not be created, with the reason.</summary>
    public List<(string TypeName, string Error)> Failures { get; } = [];

    /// <summary>
    /// Loads the plugin. Assemblies are read into memory (the files stay free to be replaced, and a
    /// reload really runs the new code); native libraries are used in place and never copied, because
    /// libtorch needs its sibling libraries next to it.
    /// </summary>
    public static PluginPackage Load(string folder, PluginAssemblyInfo info, SharedAssemblies shared, Func<string, PluginProviderContext> providerContext)
    {
        var missing = PluginDependencies.Missing(folder, info.MainAssemblyPath);
        if (missing.Count > 0)
        {
            throw new PluginLoadException(
                $"{Path.GetFileName(info.MainAssemblyPath)} needs {string.Join(", ", missing)}, which is neither in its folder nor provided by tacs. " +
                "Copy the plugin's whole build output folder (built with EnableDynamicLoading=true), dependencies included.");
        }

        var builder = new AssemblyLoadContextBuilder()
            .SetMainAssemblyPath(info.MainAssemblyPath)
            .EnableUnloading()
            .PreloadAssembliesIntoMemory();
        var sharedNames = shared.For(folder);
        foreach (var name in sharedNames)
        {
            builder.PreferDefaultLoadContextAssembly(name);
        }

        var context = builder.Build();
        var package = new PluginPackage(folder, info, context, NativeFingerprint.Of(folder));
        package.Warnings.AddRange(PluginDependencies.ReplacedWrappers(folder, sharedNames));
        try
        {
            var assembly = context.LoadFromAssemblyName(new AssemblyName(info.AssemblyName));
            foreach (var type in PluginTypes(assembly))
            {
                package.Create(type, providerContext);
            }
        }
        catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException or ReflectionTypeLoadException or TypeLoadException)
        {
            context.Unload();
            throw new PluginLoadException($"{Path.GetFileName(info.MainAssemblyPath)} could not be loaded: {Describe(ex)} Copy the plugin's whole build output folder.", ex);
        }

        // A provider may rightly make nothing (an empty models folder): that is not a broken plugin.
        if (package.Plugins.Count == 0 && package.Failures.Count == 0 && !package.HasProvider)
        {
            context.Unload();
            throw new PluginLoadException($"{Path.GetFileName(info.MainAssemblyPath)} has no public class implementing a Tacs plugin kind (IDenoiser, IAnalyser) or IPluginProvider with a public parameterless constructor, and no provider in it made a plugin.");
        }

        return package;
    }

    public void Unload() => Context.Unload();

    private static IEnumerable<Type> PluginTypes(Assembly assembly) =>
        assembly.GetExportedTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && (typeof(IPlugin).IsAssignableFrom(t) || typeof(IPluginProvider).IsAssignableFrom(t)))
            .OrderBy(t => t.FullName, StringComparer.Ordinal);

    private void Create(Type type, Func<string, PluginProviderContext> providerContext)
    {
        try
        {
            if (type.GetConstructor(Type.EmptyTypes) is null)
            {
                Failures.Add((type.FullName!, $"{type.Name} has no public parameterless constructor."));
                return;
            }

            var created = Activator.CreateInstance(type)!;
            if (created is IPluginProvider provider)
            {
                HasProvider = true;
                Provide(type, provider, providerContext(type.Name));
            }

            if (created is IPlugin plugin)
            {
                _ = plugin.Manifest ?? throw new InvalidOperationException("Manifest is null.");
                Plugins.Add(plugin);
            }
        }
        catch (Exception ex)
        {
            var inner = ex is TargetInvocationException { InnerException: { } cause } ? cause : ex;
            Failures.Add((type.FullName!, $"{type.Name} failed while being created: {inner.GetType().Name}: {inner.Message}"));
        }
    }

    // A provider's plugins join the folder's as if each were a class of its own; what it could not turn into a plugin is listed as failed.
    private void Provide(Type type, IPluginProvider provider, PluginProviderContext context)
    {
        var plugins = provider.CreatePlugins(context) ?? [];
        foreach (var plugin in plugins)
        {
            try
            {
                _ = plugin.Manifest ?? throw new InvalidOperationException("Manifest is null.");
                Plugins.Add(plugin);
            }
            catch (Exception ex)
            {
                Failures.Add((type.FullName!, $"{type.Name} gave a plugin without a usable manifest: {ex.Message}"));
            }
        }

        foreach (var (name, error) in context.Failures)
        {
            Failures.Add((name, $"{name}: {error}"));
        }
    }

    private static string Describe(Exception ex) => ex switch
    {
        ReflectionTypeLoadException r => string.Join("; ", r.LoaderExceptions.Where(e => e is not null).Select(e => e!.Message).Distinct()),
        _ => ex.Message,
    };
}
