using Serilog;
using Tacs.Host.Plugins;

namespace Tacs.Plugins.Bm3d.Tests;

/// <summary>The built BM3D plugin loaded from the plugins folder as tacs loads it, with a scratch folder for the files a test writes.</summary>
internal sealed class InstalledBm3d : IDisposable
{
    public InstalledBm3d()
    {
        Directory.CreateDirectory(Folder);
        Assert.True(File.Exists(Path.Combine(TestData.PluginsFolder, "Denoise.BM3D", "Denoise.BM3D.dll")), $"build the solution first: {TestData.PluginsFolder} has no Denoise.BM3D");
        Catalog = new PluginCatalog(new PluginHostOptions { PluginsFolder = TestData.PluginsFolder }, Log.Logger);
        Catalog.LoadAll();
    }

    /// <summary>The loaded plugins.</summary>
    public PluginCatalog Catalog { get; }

    /// <summary>A folder of this test's own, removed at the end.</summary>
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "tacs-bm3d-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Catalog.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
