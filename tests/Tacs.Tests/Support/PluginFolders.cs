using Serilog;
using Tacs.Host.Plugins;

namespace Tacs.Tests.Support;

/// <summary>Builds a plugins folder for a test out of real plugin build outputs.</summary>
internal sealed class PluginFolders : IDisposable
{
    private readonly TempFolder _temp = new();

    public PluginFolders() => Directory.CreateDirectory(Root);

    public string Root => System.IO.Path.Combine(_temp.Path, "plugins");

    /// <summary>Copies a built test plugin (artifacts/testplugins/PROJECT) to plugins/NAME.</summary>
    public string AddTestPlugin(string project, string? name = null) => CopyFolder(Repo.TestPlugin(project), name ?? project);

    /// <summary>Copies a shipped plugin (artifacts/tacs/plugins/NAME).</summary>
    public string AddShippedPlugin(string name) => CopyFolder(System.IO.Path.Combine(Repo.PluginsFolder, name), name);

    public string AddFolder(string name)
    {
        var folder = System.IO.Path.Combine(Root, name);
        Directory.CreateDirectory(folder);
        return folder;
    }

    public PluginCatalog Load(bool hotSwap = false, ILogger? log = null)
    {
        var catalog = new PluginCatalog(
            new PluginHostOptions { PluginsFolder = Root, HotSwap = hotSwap, ReloadDebounce = TimeSpan.FromMilliseconds(200) },
            log ?? new LoggerConfiguration().CreateLogger());
        catalog.LoadAll();
        return catalog;
    }

    public static void CopyInto(string source, string target)
    {
        Assert.True(Directory.Exists(source), $"{source} is missing: build the solution first (dotnet build Tacs.sln).");
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = System.IO.Path.Combine(target, System.IO.Path.GetRelativePath(source, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }
    }

    public void Dispose() => _temp.Dispose();

    private string CopyFolder(string source, string name)
    {
        var target = System.IO.Path.Combine(Root, name);
        CopyInto(source, target);
        return target;
    }
}
