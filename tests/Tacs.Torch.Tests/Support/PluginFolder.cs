using Serilog;
using Tacs.Host.Plugins;

namespace Tacs.Torch.Tests.Support;

/// <summary>A plugins folder for one test, linking real plugin build outputs.</summary>
internal sealed class PluginFolder : IDisposable
{
    private readonly TempFolder _temp = new();

    public string Root => _temp.Path;

    /// <summary>Links a built plugin folder in (a link, not a copy: the DRUNet folder holds weights and TorchSharp).</summary>
    public void Add(string builtFolder, string name)
    {
        Assert.True(Directory.Exists(builtFolder), $"{builtFolder} is missing: build the solution first (dotnet build Tacs.sln).");
        Directory.CreateSymbolicLink(Path.Combine(Root, name), builtFolder);
    }

    public PluginCatalog Load()
    {
        var catalog = new PluginCatalog(new PluginHostOptions { PluginsFolder = Root }, new LoggerConfiguration().CreateLogger());
        catalog.LoadAll();
        return catalog;
    }

    public void Dispose() => _temp.Dispose();
}
